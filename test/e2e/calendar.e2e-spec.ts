import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VIETNAM_CALENDAR_DATA } from '../../src/engine/calendar/vietnam-calendar-data.js';
import { bearer, createCast, TestClock, type Cast } from '../support/case-fixtures.js';
import { deadlineOf, fetchCase, submittedResignation } from '../support/deadline-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface YearSummary {
  year: number;
  provisional: boolean;
  source: string;
  version: number | null;
}

interface YearView extends YearSummary {
  data: { holidays: unknown[] };
  nonWorkingWeekdays: string[];
  workedWeekendDays: string[];
  recomputed?: Array<{ caseId: string; name: string; from: string | null; to: string | null }>;
}

interface ErrorBody {
  code: string;
  details: { errors: Array<{ path: string }> };
}

/** 2027 as "announced": the provisional data plus a one-off day off on Wednesday 10/03/2027. */
function announced2027(extraDayOff: boolean) {
  const provisional = VIETNAM_CALENDAR_DATA.years['2027']!;
  return {
    ...provisional,
    provisional: false,
    sources: [
      {
        reference: 'Thông báo 1/TB-TEST',
        issuer: 'Bộ Nội vụ (test)',
        issuedOn: '2026-11-01',
        covers: 'The days off of 2027.',
      },
    ],
    holidays: [
      ...provisional.holidays,
      ...(extraDayOff
        ? [
            {
              date: '2027-03-10',
              kind: 'OTHER' as const,
              name: { vi: 'Ngày nghỉ đặc biệt', en: 'One-off day off' },
            },
          ]
        : []),
    ],
  };
}

describe.each(databasesUnderTest())('the working-day calendar API on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date(vn('2027-03-01T09:00:00')));
  const admin = () => ({ token: t.adminToken });

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  it('lists the covered years and where each comes from, to any authenticated role', async () => {
    const response = await t.http
      .get('/api/calendar/years')
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    const years = response.body as YearSummary[];
    expect(years.map((year) => year.year)).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(years.find((year) => year.year === 2025)).toMatchObject({
      provisional: false,
      source: 'built-in',
      version: null,
    });
    expect(years.find((year) => year.year === 2027)?.provisional).toBe(true);
    await t.http.get('/api/calendar/years').expect(401);
  }, 60_000);

  it("shows a year's data with the weekdays that are not worked", async () => {
    const response = await t.http
      .get('/api/calendar/years/2025')
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const year = response.body as YearView;
    expect(year.nonWorkingWeekdays).toEqual(
      expect.arrayContaining([
        '2025-01-27',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
      ]),
    );
    expect(year.workedWeekendDays).toEqual(['2025-04-26']);
    expect(year.data.holidays.length).toBeGreaterThan(0);
    await t.http
      .get('/api/calendar/years/2031')
      .set('Authorization', bearer(cast.auditor))
      .expect(404);
    const bad = await t.http
      .get('/api/calendar/years/twenty')
      .set('Authorization', bearer(cast.auditor))
      .expect(400);
    expect((bad.body as ErrorBody).code).toBe('VALIDATION_FAILED');
  }, 60_000);

  it('lets only admins replace a year, and refuses invalid data with every problem located', async () => {
    await t.http
      .put('/api/calendar/years/2027')
      .set('Authorization', bearer(cast.clerk))
      .send(announced2027(true))
      .expect(403);
    const invalid = await t.http
      .put('/api/calendar/years/2027')
      .set('Authorization', bearer(admin()))
      .send({
        ...announced2027(false),
        holidays: [{ date: '2028-01-01', kind: 'NEW_YEAR', name: { vi: 'x', en: 'x' } }],
        sources: [],
      })
      .expect(400);
    expect((invalid.body as ErrorBody).code).toBe('VALIDATION_FAILED');
    const paths = (invalid.body as ErrorBody).details.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['years.2027.sources', 'years.2027.holidays[0].date']),
    );
    await t.http
      .put('/api/calendar/years/1800')
      .set('Authorization', bearer(admin()))
      .send(announced2027(false))
      .expect(400);
    // Nothing was stored.
    const years = (
      await t.http.get('/api/calendar/years').set('Authorization', bearer(admin())).expect(200)
    ).body as YearSummary[];
    expect(years.find((year) => year.year === 2027)).toMatchObject({ source: 'built-in' });
  }, 60_000);

  it('applies an uploaded year to new deadlines and recomputes the pending ones it affects', async () => {
    // Monday 01/03/2027 + 10 working days = Monday 15/03 with the provisional data.
    clock.set(vn('2027-03-01T09:00:00'));
    const before = await submittedResignation(t, cast, '2027-03-01');
    expect(deadlineOf(before, 'exchange').dueOn).toBe('2027-03-15');

    // The announced year adds a day off on Wednesday 10/03: the deadline moves to Tuesday 16/03.
    const published = await t.http
      .put('/api/calendar/years/2027')
      .set('Authorization', bearer(admin()))
      .send(announced2027(true))
      .expect(200);
    expect(published.body).toMatchObject({
      year: 2027,
      provisional: false,
      source: 'uploaded',
      version: 1,
    });
    expect((published.body as YearView).nonWorkingWeekdays).toContain('2027-03-10');
    expect((published.body as YearView).recomputed).toEqual([
      expect.objectContaining({
        caseId: before.id,
        name: 'exchange',
        from: '2027-03-15',
        to: '2027-03-16',
      }),
    ]);
    expect(deadlineOf(await fetchCase(t, cast.auditor, before.id), 'exchange').dueOn).toBe(
      '2027-03-16',
    );

    // A deadline started after the upload uses it directly.
    const after = await submittedResignation(t, cast, '2027-03-01');
    expect(deadlineOf(after, 'exchange').dueOn).toBe('2027-03-16');

    // A second upload is version 2; withdrawing the day off moves both back.
    const second = await t.http
      .put('/api/calendar/years/2027')
      .set('Authorization', bearer(admin()))
      .send(announced2027(false))
      .expect(200);
    expect((second.body as YearView).version).toBe(2);
    expect(
      ((second.body as YearView).recomputed ?? []).map((moved) => [moved.caseId, moved.to]).sort(),
    ).toEqual(
      [
        [before.id, '2027-03-15'],
        [after.id, '2027-03-15'],
      ].sort(),
    );
    const years = (
      await t.http.get('/api/calendar/years').set('Authorization', bearer(cast.clerk)).expect(200)
    ).body as YearSummary[];
    expect(years.find((year) => year.year === 2027)).toMatchObject({
      source: 'uploaded',
      version: 2,
      provisional: false,
    });
  }, 60_000);
});
