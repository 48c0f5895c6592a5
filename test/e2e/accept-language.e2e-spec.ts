import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { appointmentSubject, bearer, sendEvent } from '../support/case-fixtures.js';
import { cadre } from '../support/engine-fixtures.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

/** Vietnamese text has letters outside ASCII (ư, ơ, ả, ệ…): an English message has none here. */
const VIETNAMESE = /[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]/i;

/** A civil date `months` whole months before today (UTC), as the discipline's effective day. */
function monthsAgo(months: number): string {
  const today = new Date();
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, 1));
  return day.toISOString().slice(0, 10);
}

describe.each(databasesUnderTest())('Accept-Language on errors (SPEC §3.6) on %s', (database) => {
  let t: TestApp;
  let clerk = '';
  let clerkPrincipal: TestPrincipal;
  let authority: TestPrincipal;
  /** An appointment (the QĐ 377 profile) waiting at step 1, its candidate c1 warned 32 months ago. */
  let atEligibility = '';
  const warnedOn = monthsAgo(32);

  beforeAll(async () => {
    t = await startTestApp({ database });
    clerkPrincipal = await t.createPrincipal(['clerk']);
    clerk = clerkPrincipal.token;
    authority = await t.createPrincipal(['authority']);
    const subject = appointmentSubject();
    subject.candidates[0] = cadre({
      id: 'c1',
      fullName: 'Nguyễn Văn A',
      disciplines: [{ level: 'warning', effectiveOn: warnedOn }],
    });
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(clerkPrincipal))
      .send({ workflow: 'appointment', subject })
      .expect(201);
    atEligibility = (opened.body as { id: string }).id;
    await sendEvent(t, clerkPrincipal, atEligibility, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    await sendEvent(t, authority, atEligibility, { type: 'APPROVE' }).expect(200);
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

  const engineRefusals: ReadonlyArray<
    readonly [string, (language: string | undefined) => Promise<Response>]
  > = [
    // A rule's refusal names people and regulations (Vietnamese letters in English too): its
    // words are checked on their own below.
    [
      '409 EVENT_NOT_ALLOWED from the step function',
      (lang) =>
        withLanguage(sendEvent(t, clerkPrincipal, atEligibility, { type: 'RECORD_VOTE' }), lang),
    ],
    [
      '403 FORBIDDEN for a role the transition does not name',
      (lang) =>
        withLanguage(
          sendEvent(t, authority, atEligibility, {
            type: 'SUBMIT',
            payload: { eligible: ['c1'] },
          }),
          lang,
        ),
    ],
    [
      '400 VALIDATION_FAILED for a payload the step refuses',
      (lang) =>
        withLanguage(
          sendEvent(t, clerkPrincipal, atEligibility, {
            type: 'SUBMIT',
            payload: { eligible: 'c1' },
          }),
          lang,
        ),
    ],
  ];

  it.each([...requests, ...engineRefusals])(
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

describe.each(databasesUnderTest())('engine refusals in two languages on %s', (database) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('words an eligibility refusal in Vietnamese with dd/mm/yyyy dates, and in English with ISO dates', async () => {
    const clerk = await t.createPrincipal(['clerk']);
    const authority = await t.createPrincipal(['authority']);
    const warnedOn = monthsAgo(32);
    const subject = appointmentSubject();
    subject.candidates[0] = cadre({
      id: 'c1',
      fullName: 'Nguyễn Văn A',
      disciplines: [{ level: 'warning', effectiveOn: warnedOn }],
    });
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(clerk))
      .send({ workflow: 'appointment', subject })
      .expect(201);
    const id = (opened.body as { id: string }).id;
    await sendEvent(t, clerk, id, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    await sendEvent(t, authority, id, { type: 'APPROVE' }).expect(200);
    const submit = { type: 'SUBMIT', payload: { eligible: ['c1'] } };

    const vi = errorOf(
      await sendEvent(t, clerk, id, submit).set('Accept-Language', 'vi').expect(422),
    );
    const en = errorOf(await sendEvent(t, clerk, id, submit).expect(422));

    // QĐ 377: 36 months after a warning (QĐ 80 said 30).
    const [year, month, day] = warnedOn.split('-').map(Number) as [number, number, number];
    const endsOn = new Date(Date.UTC(year, month - 1 + 36, day)).toISOString().slice(0, 10);
    const viDate = (iso: string) => iso.split('-').reverse().join('/');
    expect(vi.body.code).toBe('RULE_NOT_SATISFIED');
    expect(vi.body.details).toEqual(en.body.details);
    expect(vi.body.message).toContain(`cảnh cáo có hiệu lực (${viDate(warnedOn)})`);
    expect(vi.body.message).toContain(`đến ngày ${viDate(endsOn)}`);
    expect(vi.body.message).toContain('QĐ 377-QĐ/TW');
    expect(vi.body.message).not.toContain(warnedOn);
    expect(en.body.message).toContain(
      `the 36-month wait after the warning effective ${warnedOn} runs until ${endsOn}`,
    );
    expect(en.body.message).toContain('QĐ 377-QĐ/TW');
    // details keep the rule's English reason whatever the language (SPEC §3.6).
    expect((en.body.details as { reason: string }).reason).toBe(en.body.message);
  });
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
