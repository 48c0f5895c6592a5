import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, createCast, TestClock, type Cast } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

interface ReminderItem {
  cadreId: string;
  code: string;
  kind: string;
  dueOn: string;
  noticeOn: string;
  late: boolean;
  opens?: string;
  basis: { rule: string; explanation: string };
}
interface ReminderList {
  today: string;
  within: number;
  profile: { workflow: string; reappointmentNotice: { amount: number; unit: string } };
  items: ReminderItem[];
}

// SPEC §7 reminders over HTTP, from cadres entered through the registry's own routes.
describe.each(databasesUnderTest())('reminders from the registry on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date('2026-12-07T02:00:00.000Z'));

  const reminders = async (query: string, who = cast.clerk): Promise<ReminderList> =>
    (await t.http.get(`/api/reminders${query}`).set('Authorization', bearer(who)).expect(200))
      .body as ReminderList;

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
    // A term that ends 30/06/2027 (born 1975: far from retirement).
    await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        code: 'CB-TERM',
        person: { fullName: 'Nguyễn Thị Hạnh', gender: 'female', dateOfBirth: '1975-04-02' },
        posts: [
          {
            postTitle: 'Giám đốc Sở Tư pháp',
            unitId: '00000000-0000-4000-8000-000000000001',
            since: '2022-07-01',
            termEndsOn: '2027-06-30',
          },
        ],
      })
      .expect(201);
    // A man born 15/08/1966.
    await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        code: 'CB-RETIRE',
        person: { fullName: 'Trần Văn Đức', gender: 'male', dateOfBirth: '1966-08-15' },
      })
      .expect(201);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('lists a term ending 30/06/2027 with its QĐ 377 notice counted back in working days', async () => {
    const list = await reminders('?within=120d');
    expect(list.profile.workflow).toBe('appointment');
    expect(list.profile.reappointmentNotice).toMatchObject({ amount: 90, unit: 'WORKING_DAY' });
    const term = list.items.find((item) => item.code === 'CB-TERM' && item.kind === 'termEnd');
    // 90 working days back from Wed 30/06/2027: Mon 22/02 … Wed 30/06 holds 93 weekdays, of which
    // Giỗ Tổ (Fri 16/04), 30/04 (Fri) and Mon 03/05 (in lieu of Sat 01/05) are days off: 90
    // working days. The notice is due the working day before: Fri 19/02/2027 (Tết ends 12/02).
    expect(term).toMatchObject({ dueOn: '2027-06-30', noticeOn: '2027-02-19', late: false });
    expect(term?.opens).toBe('reappointment');
  });

  it('counts 90 calendar days under NĐ 170 (profile=appointment-state)', async () => {
    const list = await reminders('?within=200d&profile=appointment-state');
    const term = list.items.find((item) => item.code === 'CB-TERM' && item.kind === 'termEnd');
    // 30/06/2027 − 90 days = 01/04/2027.
    expect(term).toMatchObject({ dueOn: '2027-06-30', noticeOn: '2027-04-01' });
  });

  it('lists the retirement of a man born 15/08/1966 per the Labour Code roadmap', async () => {
    const list = await reminders('?within=1000d');
    const retirement = list.items.find(
      (item) => item.code === 'CB-RETIRE' && item.kind === 'retirement',
    );
    // Labour Code 2019 Art. 169, NĐ 135/2020: a man reaching retirement in 2028 retires at 62;
    // born 15/08/1966 he is 62 on 15/08/2028 and retires at the end of that month.
    expect(retirement).toMatchObject({ dueOn: '2028-08-31' });
    expect(retirement?.basis.explanation).toMatch(/62/);
  });

  it('leaves out what falls beyond the window, and refuses a bad window or profile', async () => {
    const soon = await reminders('?within=10d');
    expect(soon.items.filter((item) => item.code === 'CB-TERM')).toEqual([]);
    for (const query of ['?within=-1', '?within=ninety', '?within=99999d', '?profile=../x']) {
      const response = await t.http
        .get(`/api/reminders${query}`)
        .set('Authorization', bearer(cast.clerk));
      expect(response.status).toBe(400);
      expect((response.body as { code: string }).code).toBe('VALIDATION_FAILED');
    }
    const unknown = await t.http
      .get('/api/reminders?profile=no-such-workflow')
      .set('Authorization', bearer(cast.clerk));
    expect(unknown.status).toBe(404);
    const noParameters = await t.http
      .get('/api/reminders?profile=rotation')
      .set('Authorization', bearer(cast.clerk));
    expect(noParameters.status).toBe(400);
  });

  it("lists only the cadres of the caller's scope, and ?unit= must be inside it", async () => {
    const admin = `Bearer ${t.adminToken}`;
    const unit = async (code: string, parentId?: string) =>
      (
        (
          await t.http
            .post('/api/units')
            .set('Authorization', admin)
            .send({ code, name: `Tỉnh ${code}`, ...(parentId ? { parentId } : {}) })
            .expect(201)
        ).body as { id: string }
      ).id;
    const north = await unit('REM-P1');
    const south = await unit('REM-P2');
    const clerkOf = async (unitId: string) =>
      (
        (
          await t.http
            .post('/api/principals')
            .set('Authorization', admin)
            .send({ name: `Chuyên viên ${unitId.slice(0, 4)}`, roles: ['clerk'], unitId })
            .expect(201)
        ).body as { token: string }
      ).token;
    const northClerk = await clerkOf(north);
    const southClerk = await clerkOf(south);
    await t.http
      .post('/api/cadres')
      .set('Authorization', `Bearer ${southClerk}`)
      .send({
        code: 'CB-SOUTH',
        person: { fullName: 'Lê Thị Mai', gender: 'female', dateOfBirth: '1975-01-01' },
        posts: [
          {
            postTitle: 'Giám đốc Sở',
            unitId: south,
            since: '2022-07-01',
            termEndsOn: '2027-06-30',
          },
        ],
      })
      .expect(201);
    const asNorth = (
      await t.http
        .get('/api/reminders?within=120d')
        .set('Authorization', `Bearer ${northClerk}`)
        .expect(200)
    ).body as ReminderList;
    expect(asNorth.items).toEqual([]);
    const asSouth = (
      await t.http
        .get('/api/reminders?within=120d')
        .set('Authorization', `Bearer ${southClerk}`)
        .expect(200)
    ).body as ReminderList;
    expect(asSouth.items.map((item) => item.code)).toEqual(['CB-SOUTH']);
    // The national clerk sees it too, and narrows to the unit; another province's unit is refused.
    const narrowed = await reminders(`?within=120d&unit=${south}`);
    expect(narrowed.items.map((item) => item.code)).toEqual(['CB-SOUTH']);
    await t.http
      .get(`/api/reminders?within=120d&unit=${south}`)
      .set('Authorization', `Bearer ${northClerk}`)
      .expect(400);
  });

  it('is for the roles that see full records', async () => {
    await t.http.get('/api/reminders').set('Authorization', bearer(cast.head)).expect(403);
    await t.http.get('/api/reminders').set('Authorization', bearer(cast.auditor)).expect(200);
  });
});
