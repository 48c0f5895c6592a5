/**
 * The door (issue 11, items 1, 2 and 8): text that is not well-formed Unicode and numbers that
 * are not finite are refused before anything is stored; text is stored in NFC, so that what is
 * hashed is what is stored and returned; bearer tokens are checked before a body is read;
 * anonymous traffic is rate-limited; secrets in query strings never reach the request log; and
 * an oversize body is answered with its 413 every time, not with a reset connection.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'node:net';
import {
  ADMIN_BODY_LIMIT_DEFAULT,
  BODY_LIMIT_DEFAULT,
} from '../../src/service/config/env.validation.js';
import {
  appointmentSubject,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { errors?: Array<{ path: string; constraint: string; message: string }> };
}

interface HistoryEntry {
  seq: number;
  type: string;
  comment: string | null;
  payload: Record<string, unknown>;
}

const SUBMIT_PAYLOAD = '{"headcount":1,"source":"internal","duties":"Phụ trách chung"}';

/**
 * Sends one request over a fresh TCP socket, as a plain client does (the head, then the whole
 * body), and reads whatever comes back: the status and body, or the socket error (a reset).
 */
const rawRequest = (
  port: number,
  options: { method: string; path: string; headers: Record<string, string>; body: Buffer },
): Promise<{ status: number; text: string } | { error: string }> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (outcome: { status: number; text: string } | { error: string }) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(outcome);
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      settle({ error: error.code ?? error.message }),
    );
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      settle(
        status === undefined ? { error: 'no response' } : { status: Number(status), text: body },
      );
    });
    const head = [
      `${options.method} ${options.path} HTTP/1.1`,
      'host: 127.0.0.1',
      'connection: close',
      `content-length: ${options.body.length}`,
      ...Object.entries(options.headers).map(([name, value]) => `${name}: ${value}`),
      '',
      '',
    ].join('\r\n');
    socket.write(head);
    const piece = 64 * 1024;
    for (let offset = 0; offset < options.body.length; offset += piece) {
      socket.write(options.body.subarray(offset, offset + piece));
    }
  });

describe.each(databasesUnderTest())('the door on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  let port: number;
  const capture = new LogCapture();

  beforeAll(async () => {
    t = await startTestApp({
      database,
      authFailuresPerMinute: 0,
      requestLog: { level: 'log', stream: capture.stream },
    });
    cast = await createCast(t);
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL(await t.app.getUrl()).port);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  const history = async (caseId: string): Promise<HistoryEntry[]> =>
    (
      await t.http
        .get(`/api/cases/${caseId}/history`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as HistoryEntry[];

  const expectValidChain = async (caseId: string, entries: number) => {
    const verify = await t.http
      .get(`/api/cases/${caseId}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verify.body).toMatchObject({ valid: true, entries });
  };

  const postRawEvent = (caseId: string, body: string) =>
    t.http
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', bearer(cast.clerk))
      .set('Content-Type', 'application/json')
      .send(body);

  describe('Unicode (item 1)', () => {
    it('refuses a lone surrogate in an event comment (the reproduced attack): 400, nothing stored, verify stays valid', async () => {
      const opened = await openAppointment(t, cast.clerk);
      // The JSON escape as the attacker wrote it: JSON.parse turns it into a lone surrogate.
      const response = await postRawEvent(
        opened.id,
        `{"type":"SUBMIT","payload":${SUBMIT_PAYLOAD},"comment":"x \\ud800"}`,
      ).expect(400);
      const body = response.body as ErrorBody;
      expect(body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(body.details?.errors).toEqual([
        { path: 'comment', constraint: 'isWellFormedUnicode', message: expect.any(String) },
      ]);
      expect(await history(opened.id)).toHaveLength(1);
      await expectValidChain(opened.id, 1);
      // The same event, well-formed, still goes through: nothing was half-done.
      await postRawEvent(
        opened.id,
        `{"type":"SUBMIT","payload":${SUBMIT_PAYLOAD},"comment":"x \\ud83e\\udde8"}`,
      ).expect(200);
      expect((await history(opened.id))[1]?.comment).toBe('x 🧨');
      await expectValidChain(opened.id, 2);
    });

    it.each([
      [
        'a low surrogate in a payload value',
        '"payload":{"headcount":1,"source":"internal","duties":"\\udfff"}',
        'payload.duties',
      ],
      [
        'a reversed pair',
        '"payload":{"headcount":1,"source":"internal","duties":"\\udc00\\ud800"}',
        'payload.duties',
      ],
      [
        'a lone surrogate in a key',
        '"payload":{"headcount":1,"source":"internal","duties":"x","\\ud800k":1}',
        'payload.\\ud800k',
      ],
      [
        'a lone surrogate in an array',
        '"payload":{"headcount":1,"source":"internal","duties":"x","list":["a","\\ud800"]}',
        'payload.list[1]',
      ],
    ])('refuses %s with 400 naming its path', async (_name, fragment, path) => {
      const opened = await openAppointment(t, cast.clerk);
      const response = await postRawEvent(opened.id, `{"type":"SUBMIT",${fragment}}`).expect(400);
      expect((response.body as ErrorBody).details?.errors).toEqual([
        { path, constraint: 'isWellFormedUnicode', message: expect.any(String) },
      ]);
      expect(await history(opened.id)).toHaveLength(1);
      await expectValidChain(opened.id, 1);
    });

    it.each([
      ['0xFF', Buffer.from([0xff])],
      ['an overlong "/"', Buffer.from([0xc0, 0xaf])],
      ['a surrogate encoded in UTF-8 (CESU)', Buffer.from([0xed, 0xa0, 0x80])],
      ['a truncated sequence', Buffer.from([0xe1, 0xba])],
    ])('refuses invalid UTF-8 (%s) in a body with 400, nothing stored', async (_name, bytes) => {
      const opened = await openAppointment(t, cast.clerk);
      const body = Buffer.concat([
        Buffer.from(`{"type":"SUBMIT","payload":${SUBMIT_PAYLOAD},"comment":"x `),
        bytes,
        Buffer.from('"}'),
      ]);
      // Sent as bytes (supertest would serialise a Buffer as a JSON object).
      const response = await rawRequest(port, {
        method: 'POST',
        path: `/api/cases/${opened.id}/events`,
        headers: { authorization: bearer(cast.clerk), 'content-type': 'application/json' },
        body,
      });
      expect('status' in response ? response.status : response.error).toBe(400);
      expect('text' in response ? JSON.parse(response.text) : undefined).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { errors: [{ path: 'body', constraint: 'isUtf8' }] },
      });
      expect(await history(opened.id)).toHaveLength(1);
      await expectValidChain(opened.id, 1);
    });

    it('refuses a number that is not finite (1e400 is Infinity, which canonical JSON cannot hash)', async () => {
      const opened = await openAppointment(t, cast.clerk);
      const response = await postRawEvent(
        opened.id,
        '{"type":"SUBMIT","payload":{"headcount":1e400,"source":"internal","duties":"x"}}',
      ).expect(400);
      expect((response.body as ErrorBody).details?.errors).toEqual([
        { path: 'payload.headcount', constraint: 'isFinite', message: expect.any(String) },
      ]);
      expect(await history(opened.id)).toHaveLength(1);
    });

    it('refuses a lone surrogate or invalid UTF-8 in a query value, naming it', async () => {
      for (const value of ['%ED%A0%80', '%FF', 'a%C0%AF']) {
        const response = await t.http
          .get(`/api/cases?workflow=${value}`)
          .set('Authorization', bearer(cast.auditor))
          .expect(400);
        expect((response.body as ErrorBody).details?.errors).toEqual([
          {
            path: 'query.workflow',
            constraint: 'isWellFormedUnicode',
            message: expect.any(String),
          },
        ]);
      }
    });

    it('refuses a lone surrogate or invalid UTF-8 in a path parameter', async () => {
      for (const value of ['%ED%A0%80', '%FF']) {
        const response = await t.http
          .get(`/api/workflows/${value}/versions`)
          .set('Authorization', bearer(cast.auditor))
          .expect(400);
        expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('refuses an Idempotency-Key that is not plain ASCII, naming the header', async () => {
      const opened = await openAppointment(t, cast.clerk);
      const response = await postRawEvent(
        opened.id,
        `{"type":"SUBMIT","payload":${SUBMIT_PAYLOAD}}`,
      )
        .set('Idempotency-Key', 'k\u00ed\u00a0\u00ff')
        .expect(400);
      expect((response.body as ErrorBody).details?.errors).toEqual([
        expect.objectContaining({ path: 'Idempotency-Key' }),
      ]);
      expect(await history(opened.id)).toHaveLength(1);
    });

    it('stores and returns NFC for NFD input, and the chain verifies', async () => {
      const nfd = 'Nguyễn Văn Đức, Phụ trách chung'.normalize('NFD');
      const nfc = nfd.normalize('NFC');
      expect(nfd).not.toBe(nfc);
      const opened = await openAppointment(t, cast.clerk);
      await sendEvent(t, cast.clerk, opened.id, {
        type: 'SUBMIT',
        payload: { headcount: 1, source: 'internal', duties: nfd },
        comment: nfd,
      }).expect(200);
      const entries = await history(opened.id);
      expect(entries[1]?.comment).toBe(nfc);
      expect(entries[1]?.payload.duties).toBe(nfc);
      await expectValidChain(opened.id, 2);
      // Case creation too: the subject is stored in NFC.
      const subject = appointmentSubject();
      subject.position.title = subject.position.title.normalize('NFD');
      const first = subject.candidates[0];
      if (first) first.fullName = (first.fullName as string).normalize('NFD');
      const created = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(cast.clerk))
        .send({ workflow: 'appointment', subject })
        .expect(201);
      const createdId = (created.body as { id: string }).id;
      const [opening] = await history(createdId);
      const stored = JSON.stringify(opening);
      expect(stored).toContain('Giám đốc Sở Nội vụ'.normalize('NFC'));
      expect(stored).toContain('Nguyễn Văn A'.normalize('NFC'));
      expect(stored.normalize('NFC')).toBe(stored);
      await expectValidChain(createdId, 1);
    });
  });

  describe('authentication before the body (item 2)', () => {
    it('answers an anonymous request 401 without parsing its body', async () => {
      const opened = await openAppointment(t, cast.clerk);
      for (const body of ['{', '[[],[],', `${'['.repeat(5000)}`]) {
        const response = await t.http
          .post(`/api/cases/${opened.id}/events`)
          .set('Content-Type', 'application/json')
          .send(body)
          .expect(401);
        expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
        expect(response.headers['www-authenticate']).toContain('Bearer');
      }
    });

    it('answers an unknown token 401 without parsing its body', async () => {
      const response = await t.http
        .post('/api/principals')
        .set('Authorization', 'Bearer cf_not_a_token')
        .set('Content-Type', 'application/json')
        .send('{"broken":')
        .expect(401);
      expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });

    it('keeps health and the API docs public', async () => {
      await t.http.get('/api/health').expect(200);
      await t.http.get('/api/docs').expect(200);
      await t.http.get('/api/docs-json').expect(200);
    });

    it('gives ordinary routes a smaller body limit than the admin routes that take definitions', async () => {
      const between = BODY_LIMIT_DEFAULT + 1024;
      expect(between).toBeLessThan(ADMIN_BODY_LIMIT_DEFAULT);
      const opened = await openAppointment(t, cast.clerk);
      const ordinary = await sendEvent(t, cast.clerk, opened.id, {
        type: 'SUBMIT',
        payload: { headcount: 1, source: 'internal', duties: 'x' },
        comment: 'x'.repeat(between),
      }).expect(413);
      expect(ordinary.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect((ordinary.body as ErrorBody).message).toContain(String(BODY_LIMIT_DEFAULT));
      // An admin's definition of that size is read (and judged on its content, not its size).
      const definition = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ key: 'big', title: 'x'.repeat(between) });
      expect(definition.status).not.toBe(413);
      expect(definition.status).toBeLessThan(500);
      // Beyond the admin limit, 413 too.
      const huge = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ key: 'big', title: 'x'.repeat(ADMIN_BODY_LIMIT_DEFAULT + 1024) })
        .expect(413);
      expect((huge.body as ErrorBody).message).toContain(String(ADMIN_BODY_LIMIT_DEFAULT));
      // A non-admin never gets the admin limit: refused before its body is read.
      await t.http
        .post('/api/workflows/validate')
        .set('Authorization', bearer(cast.clerk))
        .send({ key: 'big', title: 'x'.repeat(between) })
        .expect(403);
    });
  });

  describe('request log and oversize bodies (item 8)', () => {
    it('never writes a secret from a query string to the request log', async () => {
      const secrets = ['SEKRET-access-1', 'SEKRET-key-2', 'SEKRET-pass-3', 'SEKRET-tok-4'];
      await t.http.get(`/api/health?access_token=${secrets[0]}&probe=visible`).expect(200);
      await t.http
        .get(`/api/cases?api_key=${secrets[1]}&password=${secrets[2]}`)
        .set('Authorization', bearer(cast.auditor));
      await t.http.get(`/api/cases?Refresh-Token=${secrets[3]}`);
      const everything = capture.lines.join('\n');
      for (const secret of secrets) expect(everything).not.toContain(secret);
      const health = capture
        .requestLines()
        .map((line) => (line.req as { url?: string } | undefined)?.url)
        .find((url) => url?.startsWith('/api/health?'));
      expect(health).toBe('/api/health?access_token=[redacted]&probe=visible');
    });

    it('answers 30 oversize requests in a row with the 413 JSON body, never a reset connection', async () => {
      const body = Buffer.from(
        JSON.stringify({ name: 'x'.repeat(8 * 1024 * 1024), roles: ['clerk'] }),
      );
      const outcomes: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const outcome = await rawRequest(port, {
          method: 'POST',
          path: '/api/principals',
          headers: {
            authorization: `Bearer ${t.adminToken}`,
            'content-type': 'application/json',
          },
          body,
        });
        outcomes.push(
          'error' in outcome
            ? outcome.error
            : `${outcome.status} ${(JSON.parse(outcome.text) as { code?: string }).code}`,
        );
      }
      expect(outcomes).toEqual(Array.from({ length: 30 }, () => '413 PAYLOAD_TOO_LARGE'));
      // The anonymous kind too: 401, not a reset.
      const anonymous = await rawRequest(port, {
        method: 'POST',
        path: '/api/principals',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect('status' in anonymous ? anonymous.status : anonymous.error).toBe(401);
    });
  });
});

describe.each(databasesUnderTest())('anonymous traffic on %s', (database) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ database, authFailuresPerMinute: 5 });
  });
  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('is rate-limited per address: 429 RATE_LIMITED with Retry-After, health stays open', async () => {
    for (let i = 0; i < 5; i += 1) await t.http.get('/api/workflows').expect(401);
    const limited = await t.http.post('/api/cases').send({ workflow: 'x' }).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await t.http.get('/api/health').expect(200);
  });
});
