import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { walkAppointment } from '../api-client/client.js';
import { appointmentSubject } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

// The generated client of test/api-client, against a listening server: what an integrator's
// first program does, type-checked by `npm run lint` and `npm run api:check`.
describe.each(databasesUnderTest())(
  'a client generated from the OpenAPI document on %s',
  (database) => {
    let t: TestApp;
    let baseUrl: string;

    beforeAll(async () => {
      t = await startTestApp({ database });
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('not listening');
      baseUrl = `http://127.0.0.1:${address.port}`;
    });

    afterAll(async () => {
      expect(t.serverErrors()).toEqual([]);
      await t.close();
    });

    it('opens a case, sends events with and without an Idempotency-Key, reads history, gets a typed error', async () => {
      const clerk = await t.createPrincipal(['clerk'], 'Chuyên viên hợp đồng');
      const result = await walkAppointment(baseUrl, clerk.token, appointmentSubject());
      expect(result.opened.state).toBe('proposal.policy');
      expect(result.afterFirst.revision).toBe(2);
      // The replay under the same key is the first answer: no second transition.
      expect(result.replayed).toEqual(result.afterFirst);
      expect(result.afterSecond.status).toBe('completed');
      expect(result.historyEvents).toEqual(['CREATE', 'SUBMIT', 'WITHDRAW']);
      expect(result.refusal).toEqual({ status: 409, code: 'EVENT_NOT_ALLOWED' });
    });

    it('is generated from the document this server serves (npm run api:check regenerates it)', async () => {
      const served = (await t.http.get('/api/docs-json').expect(200)).body as {
        paths: Record<string, unknown>;
      };
      const generated = readFileSync('test/api-client/schema.d.ts', 'utf8');
      for (const path of Object.keys(served.paths)) expect(generated).toContain(`"${path}": {`);
    });
  },
);
