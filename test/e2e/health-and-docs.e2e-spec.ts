import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { withManager } from '../support/audit-support.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(databasesUnderTest())('health and API docs on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    // The one deliberate 5xx: readiness refused while a migration was missing.
    const unexpected = t
      .serverErrors()
      .filter((seen) => !(seen.statusCode === 503 && seen.url === '/api/health/ready'));
    expect(unexpected).toEqual([]);
    await t.close();
  });

  it('answers GET /api/health with exactly {"status":"ok"} and no token', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.text).toBe('{"status":"ok"}');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers liveness without a token and without touching the database', async () => {
    const response = await t.http.get('/api/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready once the database answers, every migration is applied and the scheduler polls', async () => {
    const response = await t.http.get('/api/health/ready').expect(200);
    const body = response.body as {
      status: string;
      checks: Record<string, { status: string; state?: string }>;
    };
    expect(body.status).toBe('ok');
    expect(body.checks.database?.status).toBe('up');
    expect(body.checks.migrations?.status).toBe('up');
    expect(body.checks.scheduler?.status).toBe('up');
    expect(['off', 'starting', 'polling']).toContain(body.checks.scheduler?.state);
  });

  it('is not ready, in the one error shape, when a migration is missing from the database', async () => {
    const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');
    const name = 'DeadlineAnchor1764000500000';
    const [row] = await withManager(t, (m) =>
      m.query<Array<{ timestamp: string | number }>>(
        `SELECT "timestamp" FROM "migrations" WHERE "name" = ${p(1)}`,
        [name],
      ),
    );
    await withManager(t, (m) => m.query(`DELETE FROM "migrations" WHERE "name" = ${p(1)}`, [name]));
    try {
      const response = await t.http.get('/api/health/ready').expect(503);
      const body = response.body as {
        code: string;
        message: string;
        details: { checks: Record<string, { status: string; pending?: string[] }> };
      };
      expect(body.code).toBe('SERVICE_UNAVAILABLE');
      expect(body.details.checks.migrations).toEqual({ status: 'down', pending: [name] });
      expect(body.details.checks.database?.status).toBe('up');
      // Liveness does not depend on it: the process itself is fine.
      await t.http.get('/api/health/live').expect(200);
    } finally {
      await withManager(t, (m) =>
        m.query(`INSERT INTO "migrations" ("timestamp", "name") VALUES (${p(1)}, ${p(2)})`, [
          Number(row?.timestamp),
          name,
        ]),
      );
    }
    await t.http.get('/api/health/ready').expect(200);
  });

  it('tags every response with a request id', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI 3 document at /api/docs-json, with bearer auth declared', async () => {
    const response = await t.http.get('/api/docs-json').expect(200);
    const document = response.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/health', '/api/principals', '/api/principals/{id}']),
    );
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('serves the interactive docs at /api/docs without a token', async () => {
    const response = await t.http.get('/api/docs').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.text).toContain('swagger');
  });
});
