import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

/** Vietnamese text has letters outside ASCII (ư, ơ, ả, ệ…): an English message has none here. */
const VIETNAMESE = /[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]/i;

describe.each(databasesUnderTest())('Accept-Language on errors (SPEC §3.6) on %s', (database) => {
  let t: TestApp;
  let clerk = '';

  beforeAll(async () => {
    t = await startTestApp({ database });
    clerk = (await t.createPrincipal(['clerk'])).token;
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  const requests: ReadonlyArray<
    readonly [string, (language: string | undefined) => Promise<Response>]
  > = [
    ['401 without a token', (lang) => withLanguage(t.http.get('/api/cases'), lang)],
    [
      '401 with an unknown token',
      (lang) => withLanguage(t.http.get('/api/cases').set('Authorization', 'Bearer nope'), lang),
    ],
    [
      '403 for a role that may not call the route',
      (lang) =>
        withLanguage(t.http.get('/api/principals').set('Authorization', `Bearer ${clerk}`), lang),
    ],
    [
      '404 for an unknown case',
      (lang) =>
        withLanguage(
          t.http
            .get('/api/cases/00000000-0000-4000-8000-000000000000')
            .set('Authorization', `Bearer ${clerk}`),
          lang,
        ),
    ],
    [
      '404 for an unknown workflow',
      (lang) =>
        withLanguage(
          t.http.get('/api/workflows/no-such-key').set('Authorization', `Bearer ${clerk}`),
          lang,
        ),
    ],
    [
      '404 for an unknown route',
      (lang) =>
        withLanguage(
          t.http.get('/api/no-such-route').set('Authorization', `Bearer ${clerk}`),
          lang,
        ),
    ],
    [
      '400 for malformed JSON',
      (lang) =>
        withLanguage(
          t.http
            .post('/api/cases')
            .set('Authorization', `Bearer ${clerk}`)
            .set('Content-Type', 'application/json')
            .send('{"workflow":'),
          lang,
        ),
    ],
    [
      '400 for a body the DTO refuses',
      (lang) =>
        withLanguage(
          t.http
            .post('/api/cases')
            .set('Authorization', `Bearer ${clerk}`)
            .send({ workflow: 42, subject: 'x', extra: true }),
          lang,
        ),
    ],
    [
      '400 for a bad cursor',
      (lang) =>
        withLanguage(
          t.http.get('/api/cases?cursor=%21%21').set('Authorization', `Bearer ${clerk}`),
          lang,
        ),
    ],
    [
      '415 for a body that is not JSON',
      (lang) =>
        withLanguage(
          t.http
            .post('/api/cases')
            .set('Authorization', `Bearer ${clerk}`)
            .set('Content-Type', 'text/plain')
            .send('hello'),
          lang,
        ),
    ],
    [
      '400 for a malformed URL (answered by the router)',
      (lang) =>
        withLanguage(
          t.http.get('/api/cases/%E0%A4%A').set('Authorization', `Bearer ${clerk}`),
          lang,
        ),
    ],
  ];

  it.each(requests)(
    '%s: Vietnamese for vi, English otherwise; code and details unchanged',
    async (_what, send) => {
      const english = errorOf(await send(undefined));
      const vietnamese = errorOf(await send('vi-VN,vi;q=0.9,en;q=0.5'));
      const explicitEnglish = errorOf(await send('en-GB, vi;q=0.2'));

      expect(english.status).toBeGreaterThanOrEqual(400);
      expect(english.status).toBeLessThan(500);
      for (const response of [vietnamese, explicitEnglish]) {
        expect(response.status).toBe(english.status);
        expect(response.body.code).toBe(english.body.code);
        expect(response.body.statusCode).toBe(english.body.statusCode);
        expect(response.body.details).toEqual(english.body.details);
      }
      expect(explicitEnglish.body.message).toBe(english.body.message);
      expect(english.body.message).not.toMatch(VIETNAMESE);
      expect(vietnamese.body.message).toMatch(VIETNAMESE);
      expect(vietnamese.headers['content-language']).toBe('vi');
      expect(english.headers['content-language']).toBe('en');
    },
  );
});

interface ErrorSeen {
  status: number;
  headers: Record<string, string>;
  body: { statusCode: number; code: string; message: string; details?: unknown };
}

const errorOf = (response: Response): ErrorSeen => ({
  status: response.status,
  headers: response.headers,
  body: response.body as ErrorSeen['body'],
});

function withLanguage<T extends { set(name: string, value: string): T }>(
  request: T,
  language: string | undefined,
): T {
  return language === undefined ? request : request.set('Accept-Language', language);
}
