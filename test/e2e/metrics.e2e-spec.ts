import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

/** The value of one series of the exposition text (0 when the series is absent). */
const valueOf = (text: string, name: string, labels: Record<string, string>): number => {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    const present = labelText.split(',');
    if (wanted.every((label) => present.includes(label))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return 0;
};

describe.each(databasesUnderTest())('Prometheus metrics on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const scrape = async (): Promise<string> => {
    const response = await t.http
      .get('/api/metrics')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text;
  };

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('is for auditors and admins only', async () => {
    await t.http.get('/api/metrics').expect(401);
    await t.http.get('/api/metrics').set('Authorization', bearer(cast.clerk)).expect(403);
    await t.http.get('/api/metrics').set('Authorization', bearer(cast.auditor)).expect(200);
  });

  it('counts transitions by workflow, event and result, and refusals by code', async () => {
    const before = await scrape();
    const opened = await openAppointment(t, cast.clerk);
    const [submit] = appointmentWalk(cast);
    await sendEvent(t, cast.clerk, opened.id, { type: 'SUBMIT', payload: submit?.payload }).expect(
      200,
    );
    // The authority may approve; a clerk approving is refused by the rules.
    const refused = await sendEvent(t, cast.clerk, opened.id, { type: 'APPROVE', payload: {} });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    const refusedCode = (refused.body as { code: string }).code;
    const after = await scrape();

    const accepted = { workflow: 'appointment', event: 'SUBMIT', result: 'accepted' };
    expect(valueOf(after, 'cadreflow_transitions_total', accepted)).toBe(
      valueOf(before, 'cadreflow_transitions_total', accepted) + 1,
    );
    const errors = { code: refusedCode, status: String(refused.status) };
    expect(valueOf(after, 'cadreflow_error_responses_total', errors)).toBe(
      valueOf(before, 'cadreflow_error_responses_total', errors) + 1,
    );
    // The 401 of the first test was counted under its code too.
    expect(
      valueOf(after, 'cadreflow_error_responses_total', { code: 'UNAUTHENTICATED' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('labels HTTP latency by route pattern, never by a case id', async () => {
    const text = await scrape();
    expect(text).toContain(
      'cadreflow_http_request_duration_seconds_count{method="POST",route="/api/cases/:id/events",status="200"}',
    );
    expect(text).not.toMatch(/route="\/api\/cases\/[0-9a-f]{8}-/);
  });

  it('shows the database connections and the process', async () => {
    const text = await scrape();
    expect(valueOf(text, 'cadreflow_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(text).toContain('cadreflow_process_resident_memory_bytes');
    expect(text).toContain('# TYPE cadreflow_deadline_fire_lag_seconds histogram');
  });
});
