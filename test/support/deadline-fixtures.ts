/** Helpers for deadline tests: resignation cases, the scheduler, a definition that fires an event. */
import {
  DeadlineScheduler,
  type FireReport,
} from '../../src/service/deadlines/deadline-scheduler.service.js';
import { bearer, sendEvent, type CaseBody, type Cast } from './case-fixtures.js';
import { cadre } from './engine-fixtures.js';
import type { TestApp, TestPrincipal } from './test-app.js';

export function scheduler(t: TestApp): DeadlineScheduler {
  return t.app.get(DeadlineScheduler);
}

/** The deadlines of `caseId` that a report says were fired. */
export function firedFor(report: FireReport, caseId: string) {
  return report.fired.filter((fired) => fired.caseId === caseId);
}

export async function openResignation(t: TestApp, clerk: TestPrincipal): Promise<CaseBody> {
  const response = await t.http
    .post('/api/cases')
    .set('Authorization', bearer(clerk))
    .send({
      workflow: 'resignation',
      subject: {
        cadre: cadre({ id: 'x1', fullName: 'Phạm Văn D' }),
        position: { title: 'Giám đốc Sở Y tế', unit: 'Sở Y tế tỉnh X' },
      },
    })
    .expect(201);
  return response.body as CaseBody;
}

/** A resignation submitted (clerk) now: it enters `exchange` and its 10-working-day deadline starts. */
/**
 * A resignation submitted now, its letter received on `letterReceivedOn`: under QĐ 377 (v2, in
 * force from 8/10/2025) the exchange deadline counts from that day, under QĐ 41 from the submit.
 */
export async function submittedResignation(
  t: TestApp,
  cast: Cast,
  letterReceivedOn = '2025-01-20',
): Promise<CaseBody> {
  const opened = await openResignation(t, cast.clerk);
  const response = await sendEvent(t, cast.clerk, opened.id, {
    type: 'SUBMIT',
    payload: { ground: 'personal', letterReceivedOn },
  });
  if (response.status !== 200) throw new Error(JSON.stringify(response.body));
  return response.body as CaseBody;
}

export async function fetchCase(t: TestApp, as: TestPrincipal, id: string): Promise<CaseBody> {
  const response = await t.http.get(`/api/cases/${id}`).set('Authorization', bearer(as));
  if (response.status !== 200) throw new Error(JSON.stringify(response.body));
  return response.body as CaseBody;
}

export function deadlineOf(body: CaseBody, name: string) {
  const found = body.deadlines.find((deadline) => deadline.name === name);
  if (!found) throw new Error(`case ${body.id} has no deadline ${name}`);
  return found as CaseBody['deadlines'][number] & {
    firedAt: string | null;
    closedAt: string | null;
  };
}

/**
 * A definition whose deadlines fire an event: `reply` (2 working days, state scope) sends
 * DEADLINE_PASSED, which moves `waiting` to `lapsed`; `overall` (5 working days, case scope)
 * sends it too, but `review` does not accept it — the case has moved on.
 */
export const LAPSING_DEFINITION = {
  key: 'lapsing-request',
  version: 1,
  title: { vi: 'Yêu cầu có thời hạn', en: 'A request that lapses' },
  regulation: 'test',
  initial: 'waiting',
  states: {
    waiting: {
      deadlines: [
        {
          name: 'reply',
          amount: 2,
          unit: 'WORKING_DAY',
          onExpiry: { event: 'DEADLINE_PASSED' },
        },
        {
          name: 'overall',
          amount: 5,
          unit: 'WORKING_DAY',
          scope: 'case',
          onExpiry: { event: 'DEADLINE_PASSED' },
        },
      ],
      on: {
        DEADLINE_PASSED: { roles: ['system'], target: 'lapsed' },
        REPLY: { roles: ['clerk'], target: 'review' },
      },
    },
    review: { on: { DECIDE: { roles: ['clerk'], target: 'done' } } },
    lapsed: { type: 'final', result: 'terminated' },
    done: { type: 'final' },
  },
};

export async function publishLapsingDefinition(t: TestApp): Promise<void> {
  const response = await t.http
    .post('/api/workflows')
    .set('Authorization', `Bearer ${t.adminToken}`)
    .send(LAPSING_DEFINITION);
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
}

export async function openLapsing(t: TestApp, clerk: TestPrincipal): Promise<CaseBody> {
  const response = await t.http
    .post('/api/cases')
    .set('Authorization', bearer(clerk))
    .send({ workflow: LAPSING_DEFINITION.key, subject: {} });
  if (response.status !== 201) throw new Error(JSON.stringify(response.body));
  return response.body as CaseBody;
}
