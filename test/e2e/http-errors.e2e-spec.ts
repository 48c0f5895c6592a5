import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(databasesUnderTest())('HTTP error responses on %s', (database) => {
  let t: TestApp;
  const postRaw = (body: string | Buffer, contentType = 'application/json') =>
    t.http
      .post('/api/principals')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .set('Content-Type', contentType)
      .send(body);

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('answers headers over the server limit (a 20 KB header) with 431 in the one error shape', async () => {
    const response = await t.http
      .get('/api/cases')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .set('X-Padding', 'a'.repeat(20 * 1024))
      .expect(431);
    expect(JSON.parse(response.text)).toEqual({
      statusCode: 431,
      code: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
      message: 'the request headers are larger than the server accepts',
    });
  });

  it('answers bytes that are not HTTP with 400 VALIDATION_FAILED in the one error shape', async () => {
    const server: Server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: 'request', constraint: 'isHttp' }] },
    });
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const response = await postRaw('{"name": "x", "roles": [').expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'the body is not valid JSON',
      details: {
        errors: [{ path: 'body', constraint: 'isJson', message: 'the body is not valid JSON' }],
      },
    });
  });

  it('answers an empty JSON body with 400', async () => {
    const response = await postRaw('').expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ path: 'body', constraint: 'isNotEmpty' }] },
    });
  });

  it('answers a body over the limit (1 MiB by default) with 413 PAYLOAD_TOO_LARGE', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1), roles: ['clerk'] });
    const response = await postRaw(body).expect(413);
    expect(response.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each([
    ['a __proto__ key', '{"name":"x","roles":["clerk"],"__proto__":{"isAdmin":true}}'],
    ['a nested __proto__ key', '{"name":"x","roles":["clerk"],"a":{"__proto__":{"b":1}}}'],
    ['an escaped __proto__ key', '{"name":"x","roles":["clerk"],"\\u005f_proto__":{"b":1}}'],
    [
      'a constructor.prototype key',
      '{"name":"x","roles":["clerk"],"constructor":{"prototype":{"b":1}}}',
    ],
  ])('answers a body with %s with 400', async (_what, body) => {
    const response = await postRaw(body).expect(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('forbidden key'),
      details: { errors: [{ constraint: 'noForbiddenKey' }] },
    });
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers a %s body with 415 UNSUPPORTED_MEDIA_TYPE',
    async (contentType) => {
      const response = await postRaw('name=x', contentType).expect(415);
      expect(response.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    },
  );

  it('accepts JSON with a charset parameter', async () => {
    await postRaw(
      JSON.stringify({ name: 'x', roles: ['clerk'] }),
      'application/json; charset=utf-8',
    ).expect(201);
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    for (const path of ['/api/nothing-here', '/nothing-here', '/api/principals/a/b']) {
      const response = await t.http
        .get(path)
        .set('Authorization', `Bearer ${t.adminToken}`)
        .expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    }
  });

  it('answers a malformed URL (bad percent-encoding) with 400 in the same error shape', async () => {
    const response = await t.http
      .get('/api/principals/%E0%A4%A')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .expect(400);
    expect(response.body).toEqual({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'the URL is not valid',
      details: { errors: [{ path: 'url', constraint: 'isUrl', message: 'the URL is not valid' }] },
    });
  });

  it('answers an unknown method on a known path with 404 NOT_FOUND', async () => {
    const response = await t.http.patch('/api/health').expect(404);
    expect(response.body).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('PATCH'),
    });
  });

  it('never answers with a 5xx in this file', () => {
    expect(t.serverErrors()).toEqual([]);
  });
});
