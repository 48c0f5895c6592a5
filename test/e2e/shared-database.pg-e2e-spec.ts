import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database.js';

// Two service instances, each with its own connection pool, on one PostgreSQL database: the
// deployment that scales cadreflow out. Only the database arbitrates between them.
// Collected only when TEST_DATABASE_URL is set (see jest.config.js); CI always sets it.
describe('two service instances on one PostgreSQL database', () => {
  let database: ThrowawayDatabase;
  let first: TestApp;
  let second: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres');
    const adminToken = `cf_test_shared_${Date.now()}_admin_token`;
    [first, second] = await Promise.all([
      startTestApp({ database: 'postgres', existingDatabase: database, adminToken }),
      startTestApp({ database: 'postgres', existingDatabase: database, adminToken }),
    ]);
    cast = await createCast(first);
  });

  afterAll(async () => {
    expect(first.serverErrors()).toEqual([]);
    expect(second.serverErrors()).toEqual([]);
    await first.close();
    await second.close();
    await database.drop();
  });

  it('serves a case opened on one instance from the other', async () => {
    const opened = await openAppointment(first, cast.clerk);
    const seen = await second.http
      .get(`/api/cases/${opened.id}`)
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    expect((seen.body as CaseBody).state).toBe('proposal.policy');
  });

  it('applies exactly one transition per revision when both instances race on the same case', async () => {
    let current = await openAppointment(first, cast.clerk);
    for (const step of appointmentWalk(cast)) {
      const body = { type: step.type, payload: step.payload, expectedRevision: current.revision };
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          sendEvent(index % 2 === 0 ? first : second, step.by, current.id, body),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(9);
      current = responses.find((response) => response.status === 200)!.body as CaseBody;
      expect(current.state).toBe(step.to);
    }
    const verify = await second.http
      .get(`/api/cases/${current.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verify.body).toMatchObject({ valid: true, entries: 12 });
  });

  it('applies a repeated Idempotency-Key once even when the repeats reach different instances', async () => {
    const opened = await openAppointment(first, cast.clerk);
    const body = { type: 'SUBMIT', payload: { headcount: 1, source: 'internal', duties: 'x' } };
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        sendEvent(index % 2 === 0 ? first : second, cast.clerk, opened.id, body, 'shared-key'),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const revisions = new Set(responses.map((response) => (response.body as CaseBody).revision));
    expect([...revisions]).toEqual([2]);
  });
});
