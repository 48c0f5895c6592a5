/**
 * Issue 11, item 8 (parts): numbers past PostgreSQL's integer and one Idempotency-Key sent at
 * the same time on two cases used to answer 500 on PostgreSQL. Each is a 4xx on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const SUBMIT = {
  type: 'SUBMIT',
  payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
};

describe.each(databasesUnderTest())('integer bounds and idempotency races on %s', (database) => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  it.each(['99999999999', '2147483648', '9999999999999999999999', '0', '-1', '1e3'])(
    'answers GET /api/workflows/appointment/versions/%s with 404 NOT_FOUND',
    async (version) => {
      const response = await t.http
        .get(`/api/workflows/appointment/versions/${version}`)
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    },
  );

  it('still answers the largest integer version with 404 and an existing version with 200', async () => {
    await t.http
      .get('/api/workflows/appointment/versions/2147483647')
      .set('Authorization', bearer(cast.clerk))
      .expect(404);
    await t.http
      .get('/api/workflows/appointment/versions/1')
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
  });

  it.each([3_000_000_000, 2_147_483_648, 0, -1])(
    'refuses an audit cursor whose seq is %d with 400 VALIDATION_FAILED',
    async (seq) => {
      const cursor = Buffer.from(
        JSON.stringify(['2026-03-02T02:00:00.000Z', '00000000-0000-4000-8000-000000000000', seq]),
        'utf8',
      ).toString('base64url');
      const response = await t.http
        .get('/api/audit/transitions')
        .query({ cursor })
        .set('Authorization', bearer(cast.auditor))
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { errors: [expect.objectContaining({ path: 'cursor' })] },
      });
    },
  );

  it('answers one Idempotency-Key sent at once on two cases with one 200 and one 422, never a 500', async () => {
    for (let round = 0; round < 8; round += 1) {
      const first = await openAppointment(t, cast.clerk);
      const second = await openAppointment(t, cast.clerk);
      const key = `race-${database}-${round}-${first.id}`;
      const responses = await Promise.all([
        sendEvent(t, cast.clerk, first.id, SUBMIT, key),
        sendEvent(t, cast.clerk, second.id, SUBMIT, key),
      ]);
      expect(responses.map((response) => response.status).sort()).toEqual([200, 422]);
      const refused = responses.find((response) => response.status === 422);
      expect(refused?.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      // The refused case is unchanged; the accepted one moved once.
      const revisions = await Promise.all(
        [first.id, second.id].map(
          async (id) =>
            (
              (
                await t.http
                  .get(`/api/cases/${id}`)
                  .set('Authorization', bearer(cast.clerk))
                  .expect(200)
              ).body as { revision: number }
            ).revision,
        ),
      );
      expect(revisions.sort()).toEqual([1, 2]);
    }
  });
});
