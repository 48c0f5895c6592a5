import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(databasesUnderTest())('health and API docs on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('answers GET /api/health with exactly {"status":"ok"} and no token', async () => {
    const response = await t.http.get('/api/health').expect(200);
    expect(response.text).toBe('{"status":"ok"}');
    expect(response.headers['content-type']).toMatch(/^application\/json/);
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
