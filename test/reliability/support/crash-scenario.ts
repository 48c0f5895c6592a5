/**
 * Crash consistency with real processes: the service is `kill -9`ed under load and restarted on
 * the same database, again and again, and every case is then read back and checked.
 *
 * Load: `walkers` clients each walk appointment cases from proposal.policy to appointed, one
 * event at a time, every event with an Idempotency-Key; a request cut by a kill (or refused while
 * the service is down) is retried with the same key until the service answers. One more client
 * opens reminder cases (REMINDER_DEFINITION: a 1-working-day deadline that fires NUDGE) and
 * submits resignations (a 10-working-day deadline that marks the case overdue).
 *
 * Deadlines: they are computed from the real calendar, so they cannot fall due during the run.
 * The last two starts run the unchanged service with its wall clock moved 45 days on
 * (shift-clock.js), as if it were restarted weeks later: the scheduler fires every deadline at
 * start, and the first of those starts is killed while it fires.
 */
import {
  checkCase,
  inParallel,
  listAllCases,
  type CaseSummary,
  type HistoryEntry,
  waitForDeadlinesFired,
} from './case-checks.js';
import {
  appointmentOpening,
  appointmentSteps,
  createReliabilityCast,
  publishReminderDefinition,
  REMINDER_DEFINITION,
  RESIGNATION_SUBMIT,
  resignationOpening,
  ServiceClient,
  type Answer,
} from './service-client.js';
import { countDeadlines } from './database-probe.js';
import { DAY_MS, ServiceProcess } from './service-process.js';

export interface CrashOptions {
  databaseUrl: string;
  /** Kills under load before the deadline phase (which kills once more). */
  killCycles: number;
  walkers: number;
  /** How long the load runs between two kills: a random time in [min, max]. */
  minLoadMs: number;
  maxLoadMs: number;
}

export interface CrashReport {
  killCycles: number;
  requests: number;
  /** 2xx answers that the test relies on: cases opened, events acknowledged. */
  acknowledged: number;
  eventsAcknowledged: number;
  /** Acknowledged events delivered again (same Idempotency-Key) after a restart. */
  replays: number;
  connectionFailures: number;
  /** Requests sent whose connection a kill cut before the answer (their outcome was unknown). */
  cutInFlight: number;
  serverErrors: unknown[];
  cases: number;
  historyEntries: number;
  lost: number;
  duplicated: number;
  deadlinesFired: number;
  /** When the scheduler was killed at its start weeks later: fired so far, and left due. */
  deadlinesFiredBeforeKill: number;
  deadlinesDueAfterKill: number;
  problems: string[];
  durationMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const CLOCK_SHIFT_MS = 45 * DAY_MS;

interface Acknowledged {
  type: string;
  actorId: string;
  revision: number;
}

export const runCrashScenario = async (options: CrashOptions): Promise<CrashReport> => {
  const started = Date.now();
  const adminToken = `cf_reliability_${Math.random().toString(36).slice(2)}_admin`;
  const service = await ServiceProcess.create({
    databaseUrl: options.databaseUrl,
    adminToken,
    deadlinePollMs: 1000,
  });
  const problems: string[] = [];
  const client = new ServiceClient([service.baseUrl]);
  try {
    await service.start();
    const cast = await createReliabilityCast(client, adminToken);
    await publishReminderDefinition(client, adminToken);
    const steps = appointmentSteps(cast);

    let acknowledged = 0;
    let replays = 0;
    const walks = new Map<string, Acknowledged[]>();
    const fail = (what: string, answer: Answer) => {
      problems.push(`${what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    };
    const open = async (body: unknown): Promise<string | undefined> => {
      const answer = await client.request('POST', '/api/cases', { token: cast.clerk.token, body });
      if (answer.status !== 201) {
        fail('open', answer);
        return undefined;
      }
      acknowledged += 1;
      return (answer.body as { id: string }).id;
    };

    let stopWalkers = false;
    const walker = async () => {
      while (!stopWalkers) {
        const id = await open(appointmentOpening);
        if (id === undefined) return;
        const acked: Acknowledged[] = [];
        walks.set(id, acked);
        const send = (index: number) => {
          const step = steps[index]!;
          return client.request('POST', `/api/cases/${id}/events`, {
            token: step.by.token,
            body: { type: step.type, payload: step.payload },
            idempotencyKey: `${id}:${index}`,
          });
        };
        let startsSeen = service.starts;
        for (const [index, step] of steps.entries()) {
          if (stopWalkers) break;
          const previous = acked[index - 1];
          if (previous !== undefined && service.starts !== startsSeen) {
            // A restart since the last answer: deliver that event again, as a client that
            // timed out would. The idempotency record must have survived the crash: the same
            // answer, and no second entry.
            const again = await send(index - 1);
            replays += 1;
            if (
              again.status !== 200 ||
              (again.body as { revision: number }).revision !== previous.revision
            ) {
              fail(`case ${id} replay of step ${index - 1}`, again);
              return;
            }
          }
          startsSeen = service.starts;
          const answer = await send(index);
          if (answer.status !== 200) {
            fail(`case ${id} step ${index} ${step.type}`, answer);
            return;
          }
          acknowledged += 1;
          acked.push({
            type: step.type,
            actorId: step.by.id,
            revision: (answer.body as { revision: number }).revision,
          });
        }
      }
    };

    let stopOpeners = false;
    const opener = async () => {
      while (!stopOpeners) {
        await open({ workflow: REMINDER_DEFINITION.key, subject: {} });
        const id = await open(resignationOpening);
        if (id === undefined) return;
        const answer = await client.request('POST', `/api/cases/${id}/events`, {
          token: cast.clerk.token,
          body: RESIGNATION_SUBMIT,
          idempotencyKey: `${id}:submit`,
        });
        if (answer.status === 200) acknowledged += 1;
        else fail(`resignation ${id} SUBMIT`, answer);
      }
    };

    const load = [...Array.from({ length: options.walkers }, walker), opener()];
    for (let cycle = 0; cycle < options.killCycles; cycle += 1) {
      await sleep(between(options.minLoadMs, options.maxLoadMs));
      await service.kill();
      // Requests sent while nothing listens are refused and retried too.
      await sleep(between(0, 300));
      await service.start();
    }
    stopOpeners = true;
    await load[load.length - 1];

    // Deadline phase: weeks later, the scheduler fires at start; kill it while it fires.
    await sleep(between(options.minLoadMs, options.maxLoadMs));
    await service.kill();
    const shiftedToday = new Date(Date.now() + CLOCK_SHIFT_MS + 7 * 3_600_000)
      .toISOString()
      .slice(0, 10);
    const before = await countDeadlines(options.databaseUrl, shiftedToday);
    // Kill it as soon as the database shows its scheduler has begun firing (the probe reads
    // alongside it: WAL on SQLite, MVCC on PostgreSQL).
    service.spawn({ clockShiftMs: CLOCK_SHIFT_MS });
    const spawned = Date.now();
    while (
      (await countDeadlines(options.databaseUrl, shiftedToday)).fired === before.fired &&
      Date.now() - spawned < 60_000
    ) {
      await sleep(5);
    }
    await service.kill();
    // What the kill left: deadlines already fired, and due ones left for the next start.
    const atKill = await countDeadlines(options.databaseUrl, shiftedToday);
    await service.start({ clockShiftMs: CLOCK_SHIFT_MS });
    await sleep(options.minLoadMs);
    stopWalkers = true;
    await Promise.all(load);

    // Every deadline fires at the start of a process or at its next poll (1 s).
    const token = cast.auditor.token;
    const pending = await waitForDeadlinesFired(client, token);
    if (pending) {
      problems.push(
        `deadlines never fired: ${pending.waiting} reminders waiting, ${pending.notFlagged} resignations not overdue`,
      );
    }

    const all = await listAllCases(client, token);
    let historyEntries = 0;
    let lost = 0;
    let duplicated = 0;
    let deadlinesFired = 0;
    const checked = await inParallel(all, 6, (summary: CaseSummary) =>
      checkCase(client, token, summary.id),
    );
    for (const { checked: one, problems: caseProblems } of checked) {
      problems.push(...caseProblems);
      const { view, history } = one;
      historyEntries += history.length;
      const events = history.map((entry: HistoryEntry) => entry.event);
      if (view.workflow === 'appointment') {
        const acked = walks.get(view.id);
        if (acked === undefined) {
          // Opened, but the answer was cut by a kill: nothing was sent to it.
          if (history.length !== 1) problems.push(`orphan case ${view.id}: ${events.join(',')}`);
          continue;
        }
        for (const [index, ack] of acked.entries()) {
          const entry = history[index + 1];
          const found =
            ack.revision === index + 2 &&
            entry?.seq === ack.revision &&
            entry.event === ack.type &&
            entry.actorId === ack.actorId;
          if (!found) {
            lost += 1;
            problems.push(
              `case ${view.id}: acknowledged ${ack.type} (rev ${ack.revision}) missing`,
            );
          }
        }
        const extra = history.length - 1 - acked.length;
        if (extra > 0) {
          duplicated += extra;
          problems.push(
            `case ${view.id}: ${extra} entries never acknowledged: ${events.join(',')}`,
          );
        }
      } else if (view.workflow === REMINDER_DEFINITION.key) {
        const reply = view.deadlines?.find((deadline) => deadline.name === 'reply');
        const nudges = history.filter((entry) => entry.event === 'NUDGE');
        if (
          view.state !== 'nudged' ||
          nudges.length !== 1 ||
          nudges[0]?.actorId !== 'system' ||
          reply?.status !== 'expired' ||
          !reply.firedAt
        ) {
          if (nudges.length > 1) duplicated += nudges.length - 1;
          problems.push(
            `reminder ${view.id}: ${view.state}, ${events.join(',')}, ${JSON.stringify(reply)}`,
          );
        } else deadlinesFired += 1;
      } else if (view.workflow === 'resignation' && history.length >= 2) {
        const exchange = view.deadlines?.find((deadline) => deadline.name === 'exchange');
        if (
          !view.overdue ||
          view.revision !== 2 ||
          exchange?.status !== 'expired' ||
          !exchange.firedAt
        ) {
          problems.push(`resignation ${view.id}: ${JSON.stringify(view)}`);
        } else deadlinesFired += 1;
      }
    }
    const eventsAcknowledged = [...walks.values()].reduce((sum, acked) => sum + acked.length, 0);
    return {
      killCycles: service.kills,
      requests: client.stats.requests,
      acknowledged,
      eventsAcknowledged,
      replays,
      connectionFailures: client.stats.connectionFailures,
      cutInFlight: client.stats.cutInFlight,
      serverErrors: client.stats.serverErrors,
      cases: all.length,
      historyEntries,
      lost,
      duplicated,
      deadlinesFired,
      deadlinesFiredBeforeKill: atKill.fired - before.fired,
      deadlinesDueAfterKill: atKill.pendingPastDue,
      problems,
      durationMs: Date.now() - started,
    };
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\nservice log:\n${service.log()}`,
      { cause: error },
    );
  } finally {
    await service.stop();
  }
};
