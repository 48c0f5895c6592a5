/**
 * Races against real service processes (one on SQLite; two on one PostgreSQL database, requests
 * alternating between them): many writers on one case revision, two approvals of one step at
 * once, two schedulers on the same due deadlines.
 */
import { checkCase, inParallel, listAllCases, waitForDeadlinesFired } from './case-checks.js';
import {
  appointmentOpening,
  appointmentSteps,
  createReliabilityCast,
  publishReminderDefinition,
  REMINDER_DEFINITION,
  RESIGNATION_SUBMIT,
  resignationOpening,
  ServiceClient,
  STEPS_TO_VETTING,
  type ReliabilityCast,
} from './service-client.js';
import { DAY_MS, ServiceProcess } from './service-process.js';

export interface Fleet {
  services: ServiceProcess[];
  client: ServiceClient;
  cast: ReliabilityCast;
  adminToken: string;
  /** Stops every process (SIGTERM). */
  stop(): Promise<void>;
}

/** `count` service processes on one database, started together, with a cast of principals. */
export const startFleet = async (databaseUrl: string, count: number): Promise<Fleet> => {
  const adminToken = `cf_reliability_${Math.random().toString(36).slice(2)}_admin`;
  const services = await Promise.all(
    Array.from({ length: count }, () =>
      ServiceProcess.create({ databaseUrl, adminToken, deadlinePollMs: 0 }),
    ),
  );
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
  };
  try {
    // One first (it migrates and publishes), then the others.
    await services[0]?.start();
    await Promise.all(services.slice(1).map((service) => service.start()));
    const client = new ServiceClient(
      services.map((service) => service.baseUrl),
      undefined,
      // A race never waits for a restart: a refused connection is a failure here.
      0,
    );
    const cast = await createReliabilityCast(client, adminToken);
    return { services, client, cast, adminToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

export interface RaceOutcome {
  /** Races run (one race: one contested case or one pair of approvals). */
  races: number;
  problems: string[];
}

const codeOf = (body: unknown) => (body as { code?: string } | null)?.code;

const openAppointment = async (fleet: Fleet, via = 0): Promise<string> =>
  (
    await fleet.client.expect<{ id: string }>(
      201,
      'POST',
      '/api/cases',
      { token: fleet.cast.clerk.token, body: appointmentOpening },
      via,
    )
  ).id;

/**
 * `rounds` times: `width` concurrent SUBMITs on one case, all with `expectedRevision: 1`, then
 * `width` concurrent APPROVEs without it (the state check decides) — spread over the processes.
 * Exactly one of each may apply: one 200, the rest 409 (REVISION_CONFLICT, EVENT_NOT_ALLOWED).
 */
export const raceOnOneRevision = async (
  fleet: Fleet,
  rounds: number,
  width: number,
): Promise<RaceOutcome> => {
  const { client, cast } = fleet;
  const problems: string[] = [];
  const processes = fleet.services.length;
  const steps = appointmentSteps(cast);
  let races = 0;
  for (let round = 0; round < rounds; round += 1) {
    const id = await openAppointment(fleet);
    const contests = [
      { step: steps[0]!, expectedRevision: 1 as number | undefined, loser: 'REVISION_CONFLICT' },
      { step: steps[1]!, expectedRevision: undefined, loser: 'EVENT_NOT_ALLOWED' },
    ];
    for (const [contest, { step, expectedRevision, loser }] of contests.entries()) {
      races += 1;
      const answers = await Promise.all(
        Array.from({ length: width }, (_, index) =>
          client.request(
            'POST',
            `/api/cases/${id}/events`,
            {
              token: step.by.token,
              body: { type: step.type, payload: step.payload, expectedRevision },
              idempotencyKey: `${id}:${contest}:${index}`,
            },
            index % processes,
          ),
        ),
      );
      const applied = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter(
        (answer) => answer.status === 409 && codeOf(answer.body) === loser,
      );
      if (applied.length !== 1 || refused.length !== width - 1) {
        const statuses = answers.map((answer) => `${answer.status} ${codeOf(answer.body)}`);
        problems.push(`case ${id} ${step.type}: ${[...new Set(statuses)].join(', ')}`);
      }
    }
    const { checked, problems: caseProblems } = await checkCase(client, cast.auditor.token, id);
    problems.push(...caseProblems);
    const events = checked.history.map((entry) => entry.event).join(',');
    if (events !== 'CREATE,SUBMIT,APPROVE' || checked.view.state !== 'proposal.eligibility') {
      problems.push(`case ${id}: ${checked.view.state} after ${events}`);
    }
  }
  return { races, problems };
};

/**
 * `count` appointments walked to vetting.review (which needs organization_board AND
 * inspection_commission), then both approvals of every case sent at the same moment, each through
 * a different process when there are two: both must count (no lost update) and move the case on.
 */
export const raceParallelApprovals = async (fleet: Fleet, count: number): Promise<RaceOutcome> => {
  const { client, cast } = fleet;
  const problems: string[] = [];
  const processes = fleet.services.length;
  const steps = appointmentSteps(cast);
  const ids = await inParallel(
    Array.from({ length: count }, (_, index) => index),
    8,
    async (index) => {
      const id = await openAppointment(fleet, index % processes);
      for (const step of steps.slice(0, STEPS_TO_VETTING)) {
        await client.expect(200, 'POST', `/api/cases/${id}/events`, {
          token: step.by.token,
          body: { type: step.type, payload: step.payload },
        });
      }
      return id;
    },
  );
  const [board, inspection] = [steps[STEPS_TO_VETTING]!, steps[STEPS_TO_VETTING + 1]!];
  const answers = await Promise.all(
    ids.flatMap((id, index) =>
      [board, inspection].map((step, which) =>
        client
          .request(
            'POST',
            `/api/cases/${id}/events`,
            { token: step.by.token, body: { type: step.type, payload: step.payload } },
            (index + which) % processes,
          )
          .then((answer) => ({ id, step, answer })),
      ),
    ),
  );
  for (const { id, step, answer } of answers) {
    if (answer.status !== 200) {
      problems.push(`case ${id} ${step.type} by ${step.by.roles.join()}: ${answer.status}`);
    }
  }
  await inParallel(ids, 6, async (id) => {
    const { checked, problems: caseProblems } = await checkCase(client, cast.auditor.token, id);
    problems.push(...caseProblems);
    const approvals = checked.history
      .slice(1 + STEPS_TO_VETTING)
      .map((entry) => `${entry.event}:${entry.actorId}`)
      .sort();
    const expected = [`APPROVE:${cast.board.id}`, `APPROVE:${cast.inspection.id}`].sort();
    if (
      checked.view.state !== 'vote.ballot' ||
      checked.view.revision !== STEPS_TO_VETTING + 3 ||
      JSON.stringify(approvals) !== JSON.stringify(expected)
    ) {
      problems.push(`case ${id}: ${checked.view.state}, approvals ${approvals.join(' ')}`);
    }
  });
  return { races: count, problems };
};

/**
 * Two processes started together, weeks later (their wall clock moved on, shift-clock.js), on a
 * database holding `count` reminder cases and `count` submitted resignations whose deadlines have
 * fallen due: both schedulers fire at start and every second after. Each deadline must fire
 * exactly once: one NUDGE per reminder, every resignation overdue at revision 2.
 */
export const raceSchedulers = async (
  databaseUrl: string,
  count: number,
): Promise<RaceOutcome & { fired: number }> => {
  const fleet = await startFleet(databaseUrl, 1);
  const problems: string[] = [];
  const { client, cast, adminToken } = fleet;
  try {
    await publishReminderDefinition(client, adminToken);
    await inParallel(
      Array.from({ length: count }, (_, index) => index),
      8,
      async (index) => {
        await client.expect(201, 'POST', '/api/cases', {
          token: cast.clerk.token,
          body: { workflow: REMINDER_DEFINITION.key, subject: {} },
        });
        const { id } = await client.expect<{ id: string }>(201, 'POST', '/api/cases', {
          token: cast.clerk.token,
          body: resignationOpening,
        });
        await client.expect(200, 'POST', `/api/cases/${id}/events`, {
          token: cast.clerk.token,
          body: RESIGNATION_SUBMIT,
          idempotencyKey: `${index}`,
        });
      },
    );
  } finally {
    await fleet.stop();
  }

  const racers = await Promise.all(
    [0, 1].map(() => ServiceProcess.create({ databaseUrl, adminToken, deadlinePollMs: 1000 })),
  );
  let fired = 0;
  try {
    await Promise.all(racers.map((racer) => racer.start({ clockShiftMs: 45 * DAY_MS })));
    const racing = new ServiceClient(
      racers.map((racer) => racer.baseUrl),
      client.stats,
      0,
    );
    const token = cast.auditor.token;
    const pending = await waitForDeadlinesFired(racing, token, 60_000, 300);
    if (pending) {
      problems.push(`not fired: ${pending.waiting} reminders, ${pending.notFlagged} resignations`);
    }
    // Give both schedulers another poll each: a second firing would show now.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const all = await listAllCases(racing, token);
    await inParallel(all, 6, async (summary) => {
      const { checked, problems: caseProblems } = await checkCase(racing, token, summary.id);
      problems.push(...caseProblems);
      const events = checked.history.map((entry) => `${entry.event}:${entry.actorId}`);
      if (summary.workflow === REMINDER_DEFINITION.key) {
        if (checked.view.state !== 'nudged' || events[1] !== 'NUDGE:system' || events.length !== 2)
          problems.push(`reminder ${summary.id}: ${checked.view.state} ${events.join(' ')}`);
        else fired += 1;
      } else if (summary.workflow === 'resignation') {
        const exchange = checked.view.deadlines?.find((deadline) => deadline.name === 'exchange');
        if (!checked.view.overdue || checked.view.revision !== 2 || !exchange?.firedAt)
          problems.push(`resignation ${summary.id}: ${JSON.stringify(checked.view)}`);
        else fired += 1;
      }
    });
  } finally {
    await Promise.all(racers.map((racer) => racer.stop()));
  }
  for (const error of client.stats.serverErrors) problems.push(`5xx: ${JSON.stringify(error)}`);
  return { races: 1, fired, problems };
};
