import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CasesService } from '../../src/service/cases/cases.service.js';
import {
  appointmentSubject,
  bearer,
  createCast,
  openAppointment,
} from '../support/case-fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(databasesUnderTest())('operational hygiene on %s', (database) => {
  describe('request ids, security headers and API docs', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database });
    });
    afterAll(async () => {
      expect(t.serverErrors()).toEqual([]);
      await t.close();
    });

    it("keeps a caller's plain X-Request-Id and echoes it; replaces anything else", async () => {
      const kept = await t.http.get('/api/health').set('X-Request-Id', 'trace-42.a:b').expect(200);
      expect(kept.headers['x-request-id']).toBe('trace-42.a:b');
      for (const bad of ['has space', 'x'.repeat(129), '<script>', '']) {
        const replaced = await t.http.get('/api/health').set('X-Request-Id', bad).expect(200);
        expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      }
      // Errors carry it too.
      const refused = await t.http.get('/api/cases').set('X-Request-Id', 'r-401').expect(401);
      expect(refused.headers['x-request-id']).toBe('r-401');
    });

    it('sends the security headers on API responses, errors and docs', async () => {
      for (const path of ['/api/health', '/api/cases', '/api/docs', '/api/nowhere']) {
        const response = await t.http.get(path);
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['content-security-policy']).toContain("default-src 'self'");
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('keeps Swagger UI working under the CSP: only same-origin scripts and styles, all served', async () => {
      const page = await t.http.get('/api/docs').expect(200);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self'/);
      // An inline <script> would be blocked by script-src 'self'.
      const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      const assets: string[] = [];
      for (const [, attributes = '', body = ''] of scripts) {
        expect(body.trim()).toBe('');
        const src = /src="([^"]+)"/.exec(attributes)?.[1];
        expect(src).toBeDefined();
        assets.push(String(src));
      }
      for (const [, href = ''] of page.text.matchAll(/<link[^>]*href="([^"]+)"/g))
        assets.push(href);
      for (const asset of assets) {
        expect(asset).not.toMatch(/^(https?:)?\/\//);
        const url = new URL(asset, 'http://x/api/docs/').pathname;
        await t.http.get(url).expect(200);
      }
    });
  });

  describe('rate limiting of failed authentications', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ database, authFailuresPerMinute: 20 });
    });
    afterAll(async () => {
      expect(t.serverErrors()).toEqual([]);
      await t.close();
    });

    it('does not limit successful requests', async () => {
      const clerk = await t.createPrincipal(['clerk']);
      for (let i = 0; i < 60; i += 1) {
        await t.http.get('/api/workflows').set('Authorization', bearer(clerk)).expect(200);
      }
    });

    it('answers 429 RATE_LIMITED with Retry-After after 20 failures in a minute, to any token', async () => {
      const clerk = await t.createPrincipal(['clerk']);
      for (let i = 0; i < 19; i += 1) {
        await t.http.get('/api/workflows').set('Authorization', `Bearer wrong-${i}`).expect(401);
      }
      await t.http.get('/api/workflows').set('Authorization', 'Basic abc').expect(401);
      const limited = await t.http
        .get('/api/workflows')
        .set('Authorization', 'Bearer wrong-again')
        .expect(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // While blocked, even a right token is refused: guessing must stop, not just fail.
      await t.http.get('/api/workflows').set('Authorization', bearer(clerk)).expect(429);
      // Routes without authentication stay open.
      await t.http.get('/api/health').expect(200);
    });
  });

  describe('logs', () => {
    it('are JSON lines with request ids, and never contain a token or the Authorization header', async () => {
      const capture = new LogCapture();
      const t = await startTestApp({
        database,
        logger: capture,
        requestLog: { level: 'log', stream: capture.stream },
      });
      try {
        const cast = await createCast(t);
        const opened = await openAppointment(t, cast.clerk);
        await t.http
          .get(`/api/cases/${opened.id}`)
          .set('Authorization', bearer(cast.auditor))
          .set('X-Request-Id', 'log-probe-1')
          .expect(200);
        await t.http
          .get('/api/cases')
          .set('Authorization', 'Bearer cf_not_a_real_token')
          .expect(401);
        await t.http
          .delete(`/api/principals/${cast.clerk2.id}`)
          .set('Authorization', `Bearer ${t.adminToken}`)
          .expect(204);
        await t.http.get('/api/cases').set('Authorization', bearer(cast.clerk2)).expect(401);

        const requestLines = capture.requestLines();
        expect(requestLines.length).toBeGreaterThan(10);
        for (const line of requestLines) expect(typeof line.reqId).toBe('string');
        const probe = requestLines.filter((line) => line.reqId === 'log-probe-1');
        expect(probe.map((line) => line.msg)).toEqual(['incoming request', 'request completed']);

        const everything = capture.lines.join('\n');
        const secrets = [
          t.adminToken,
          'cf_not_a_real_token',
          ...(Object.values(cast) as TestPrincipal[]).map((p) => p.token),
        ];
        for (const secret of secrets) expect(everything).not.toContain(secret);
        expect(everything.toLowerCase()).not.toContain('authorization');
        expect(everything).not.toContain('Bearer');
      } finally {
        await t.close();
      }
    });
  });

  describe('graceful shutdown', () => {
    it('lets an in-flight request finish with 200, then closes the database', async () => {
      const t = await startTestApp({ database });
      const clerk = await t.createPrincipal(['clerk']);
      const dataSource = t.app.get(DataSource);
      const cases = t.app.get(CasesService);
      const open = cases.open.bind(cases);
      let entered!: () => void;
      const inFlight = new Promise<void>((resolve) => (entered = resolve));
      // Holds the request a while before it writes to the database.
      cases.open = async (...args) => {
        entered();
        await delay(400);
        return open(...args);
      };
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening');
      const pending = fetch(`http://127.0.0.1:${address.port}/api/cases`, {
        method: 'POST',
        headers: {
          authorization: bearer(clerk),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ workflow: 'appointment', subject: appointmentSubject() }),
      });
      await inFlight;
      const order: string[] = [];
      const closing = t.close().then(() => order.push('closed'));
      const response = await pending;
      order.push(`response ${response.status}`);
      // The client is told to drop its keep-alive connection, so the close need not wait for it.
      expect(response.headers.get('connection')).toBe('close');
      const body = (await response.json()) as { id?: string; state?: string };
      expect(response.status).toBe(201);
      expect(body.state).toBe('proposal.policy');
      await closing;
      expect(order).toEqual(['response 201', 'closed']);
      expect(dataSource.isInitialized).toBe(false);
    });
  });
});
