/**
 * Units and scope (SPEC §1, §7) over HTTP, with two provinces: P1 and P2, each with a department
 * below it, a clerk in each, a national auditor and a provincial one. A case outside a caller's
 * scope does not exist for it — every case route answers the 404 of an unknown id, every list,
 * search, export and digest leaves it out — and every read is in the read log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { PrincipalRole } from '../../src/service/auth/principal-roles.js';
import { ROOT_UNIT_CODE, ROOT_UNIT_ID } from '../../src/service/units/scope.js';
import { appointmentSubject, bearer, sendEvent } from '../support/case-fixtures.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

interface UnitBody {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { errors?: Array<{ path: string; constraint: string }> };
}

interface ReadLogBody {
  items: Array<{ principalId: string; kind: string; target: string; unitId: string | null }>;
  nextCursor: string | null;
}

const withdraw = { type: 'WITHDRAW', payload: { reason: 'Rút hồ sơ' } };
const submit = {
  type: 'SUBMIT',
  payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
};

describe.each(databasesUnderTest())('units and scope on %s', (database) => {
  let t: TestApp;
  const units: Record<string, UnitBody> = {};
  let clerk1: TestPrincipal;
  let clerk2: TestPrincipal;
  let auditor: TestPrincipal;
  let auditor1: TestPrincipal;
  let case1: string;
  let case1d: string;
  let case2: string;

  const admin = () => `Bearer ${t.adminToken}`;

  const createUnit = async (code: string, name: string, parent?: string): Promise<UnitBody> => {
    const response = await t.http
      .post('/api/units')
      .set('Authorization', admin())
      .send({ code, name, ...(parent ? { parentId: units[parent]?.id } : {}) })
      .expect(201);
    return response.body as UnitBody;
  };

  const principal = async (
    roles: PrincipalRole[],
    name: string,
    unitId?: string,
    scopeUnitId?: string,
  ): Promise<TestPrincipal> => {
    const response = await t.http
      .post('/api/principals')
      .set('Authorization', admin())
      .send({ name, roles, unitId, scopeUnitId })
      .expect(201);
    return response.body as TestPrincipal;
  };

  const open = async (clerk: TestPrincipal, unitId?: string): Promise<string> => {
    const response = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(clerk))
      .send({ workflow: 'appointment', subject: appointmentSubject(), unitId })
      .expect(201);
    return (response.body as { id: string }).id;
  };

  const get = (who: { token: string }, path: string) =>
    t.http.get(path).set('Authorization', bearer(who));

  beforeAll(async () => {
    t = await startTestApp({ database });
    units.P1 = await createUnit('P1', 'Tỉnh ủy P1');
    units['P1-D'] = await createUnit('P1-D', 'Ban Tổ chức Tỉnh ủy P1', 'P1');
    units.P2 = await createUnit('P2', 'Tỉnh ủy P2');
    units['P2-D'] = await createUnit('P2-D', 'Ban Tổ chức Tỉnh ủy P2', 'P2');
    clerk1 = await principal(['clerk'], 'Chuyên viên P1', units.P1?.id);
    clerk2 = await principal(['clerk'], 'Chuyên viên P2', units.P2?.id);
    auditor = await principal(['auditor'], 'Kiểm tra toàn quốc');
    auditor1 = await principal(['auditor'], 'Kiểm tra P1', units.P1?.id);
    case1 = await open(clerk1);
    case1d = await open(clerk1, units['P1-D']?.id);
    case2 = await open(clerk2);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  describe('the unit tree', () => {
    it('lists every unit, by code, to any principal: {id, code, name, parentId}', async () => {
      const listed = (await get(clerk2, '/api/units').expect(200)).body as UnitBody[];
      expect(listed.map((unit) => unit.code)).toEqual(['P1', 'P1-D', 'P2', 'P2-D', ROOT_UNIT_CODE]);
      expect(listed.find((unit) => unit.code === ROOT_UNIT_CODE)).toEqual({
        id: ROOT_UNIT_ID,
        code: ROOT_UNIT_CODE,
        name: 'Toàn hệ thống',
        parentId: null,
      });
      expect(listed.find((unit) => unit.code === 'P1-D')?.parentId).toBe(units.P1?.id);
      expect(listed.find((unit) => unit.code === 'P1')?.parentId).toBe(ROOT_UNIT_ID);
    });

    it('lets only an admin add a unit; a taken code is 409, an unknown parent 400', async () => {
      await t.http
        .post('/api/units')
        .set('Authorization', bearer(clerk1))
        .send({ code: 'X1', name: 'X' })
        .expect(403);
      const taken = await t.http
        .post('/api/units')
        .set('Authorization', admin())
        .send({ code: 'P1', name: 'Khác' })
        .expect(409);
      expect(taken.body).toMatchObject({ statusCode: 409, code: 'ALREADY_EXISTS' });
      const orphan = await t.http
        .post('/api/units')
        .set('Authorization', admin())
        .send({ code: 'X2', name: 'X', parentId: randomUUID() })
        .expect(400);
      expect((orphan.body as ErrorBody).details?.errors).toEqual([
        expect.objectContaining({ path: 'parentId', constraint: 'unitExists' }),
      ]);
    });

    it('refuses hostile codes and names with a clear 400, never a 500', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ code: 'Ha\u0300', name: 'Hà' }, 'code'],
        [{ code: 'Hà', name: 'Hà' }, 'code'],
        [{ code: 'BIG', name: 'x'.repeat(10_240) }, 'name'],
        [{ code: 'C'.repeat(10_240), name: 'Lớn' }, 'code'],
        [{ code: 'CTRL', name: 'a\nb' }, 'name'],
        [{ code: 'EMPTY', name: '   ' }, 'name'],
        [{ code: 42, name: 'Số' }, 'code'],
        [{ code: 'NONAME' }, 'name'],
      ];
      for (const [body, path] of cases) {
        const response = await t.http.post('/api/units').set('Authorization', admin()).send(body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        const error = response.body as ErrorBody;
        expect(error.code).toBe('VALIDATION_FAILED');
        expect(error.details?.errors?.map((problem) => problem.path)).toContain(path);
      }
      const listed = (await get(clerk1, '/api/units').expect(200)).body as UnitBody[];
      expect(listed).toHaveLength(5);
    });

    it('stores a decomposed (NFD) name composed: one spelling per name', async () => {
      const nfd = 'Ha\u0300 No\u0323i'; // "Hà Nội", decomposed
      const created = await t.http
        .post('/api/units')
        .set('Authorization', admin())
        .send({ code: 'NFD', name: nfd })
        .expect(201);
      expect((created.body as UnitBody).name).toBe(nfd.normalize('NFC'));
      units.NFD = created.body as UnitBody;
    });
  });

  describe('principals', () => {
    it('carry unitId and scopeUnitId; unknown units and a narrower scope are refused', async () => {
      const listed = (await get({ token: t.adminToken }, '/api/principals').expect(200))
        .body as Array<{ id: string; unitId: string; scopeUnitId: string | null }>;
      expect(listed.find((p) => p.id === clerk1.id)).toMatchObject({
        unitId: units.P1?.id,
        scopeUnitId: null,
      });
      const refused = async (body: Record<string, unknown>, path: string) => {
        const response = await t.http
          .post('/api/principals')
          .set('Authorization', admin())
          .send({ name: 'x', roles: ['clerk'], ...body })
          .expect(400);
        expect((response.body as ErrorBody).details?.errors?.[0]?.path).toBe(path);
      };
      await refused({ unitId: randomUUID() }, 'unitId');
      await refused({ unitId: units.P1?.id, scopeUnitId: randomUUID() }, 'scopeUnitId');
      // A scope below the own unit, or beside it, is not a wider scope.
      await refused({ unitId: units.P1?.id, scopeUnitId: units['P1-D']?.id }, 'scopeUnitId');
      await refused({ unitId: units.P1?.id, scopeUnitId: units.P2?.id }, 'scopeUnitId');
    });

    it('a clerk of a department sees its department; granted its province, the province', async () => {
      const narrow = await principal(['clerk'], 'Phòng P1-D', units['P1-D']?.id);
      await get(narrow, `/api/cases/${case1d}`).expect(200);
      await get(narrow, `/api/cases/${case1}`).expect(404);
      const wide = await principal(['clerk'], 'P1-D, phạm vi P1', units['P1-D']?.id, units.P1?.id);
      await get(wide, `/api/cases/${case1}`).expect(200);
      await get(wide, `/api/cases/${case2}`).expect(404);
      // Its cases still open in its own unit.
      const opened = await open(wide);
      const view = await get(wide, `/api/cases/${opened}`).expect(200);
      expect((view.body as { unitId: string }).unitId).toBe(units['P1-D']?.id);
    });

    it('a unit created after a principal authenticated is in its scope at once', async () => {
      await get(clerk1, '/api/units').expect(200);
      const added = await createUnit('P1-NEW', 'Đơn vị mới P1', 'P1');
      const opened = await open(clerk1, added.id);
      await get(clerk1, `/api/cases/${opened}`).expect(200);
      await get(clerk2, `/api/cases/${opened}`).expect(404);
    });
  });

  describe('cases', () => {
    it("open in the opener's unit, or another unit of its scope; never outside it", async () => {
      const view = await get(clerk1, `/api/cases/${case1}`).expect(200);
      expect((view.body as { unitId: string }).unitId).toBe(units.P1?.id);
      const inDepartment = await get(clerk1, `/api/cases/${case1d}`).expect(200);
      expect((inDepartment.body as { unitId: string }).unitId).toBe(units['P1-D']?.id);
      const outside = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(clerk1))
        .send({ workflow: 'appointment', subject: appointmentSubject(), unitId: units.P2?.id })
        .expect(400);
      const unknown = await t.http
        .post('/api/cases')
        .set('Authorization', bearer(clerk1))
        .send({ workflow: 'appointment', subject: appointmentSubject(), unitId: randomUUID() })
        .expect(400);
      // The same answer for a unit that exists elsewhere and one that does not exist.
      expect(outside.body).toEqual(unknown.body);
      expect((outside.body as ErrorBody).details?.errors?.[0]?.path).toBe('unitId');
    });

    it('answer 404 outside the scope on every case route, exactly as for an unknown id', async () => {
      const unknown = randomUUID();
      const routes: Array<[string, (id: string) => ReturnType<typeof get>]> = [
        ['get', (id) => get(clerk1, `/api/cases/${id}`)],
        ['history', (id) => get(clerk1, `/api/cases/${id}/history`)],
        ['verify', (id) => get(clerk1, `/api/cases/${id}/verify`)],
        ['diagram', (id) => get(clerk1, `/api/cases/${id}/diagram?format=mermaid`)],
        ['event', (id) => sendEvent(t, clerk1, id, submit)],
        ['withdraw', (id) => sendEvent(t, clerk1, id, withdraw)],
        [
          'migrate dry run',
          (id) =>
            t.http
              .post(`/api/cases/${id}/migrate/dry-run`)
              .set('Authorization', bearer(auditor1))
              .send({ toVersion: 1 }),
        ],
      ];
      for (const [name, call] of routes) {
        const outside = await call(case2);
        const missing = await call(unknown);
        expect({ name, status: outside.status }).toEqual({ name, status: 404 });
        const body = JSON.stringify(outside.body).replaceAll(case2, '<id>');
        expect({ name, body }).toEqual({
          name,
          body: JSON.stringify(missing.body).replaceAll(unknown, '<id>'),
        });
      }
      // Nothing moved: case2 is as it was opened.
      const view = await get(clerk2, `/api/cases/${case2}`).expect(200);
      expect((view.body as { revision: number }).revision).toBe(1);
    });

    it('list only the cases of the scope; ?unit= narrows to a subtree inside it', async () => {
      const ids = async (who: TestPrincipal, query = '') =>
        (
          (await get(who, `/api/cases?limit=200${query}`).expect(200)).body as {
            items: Array<{ id: string }>;
          }
        ).items.map((item) => item.id);
      const mine = await ids(clerk1);
      expect(mine).toEqual(expect.arrayContaining([case1, case1d]));
      expect(mine).not.toContain(case2);
      const department = await ids(clerk1, `&unit=${units['P1-D']?.id}`);
      expect(department).toContain(case1d);
      expect(department).not.toContain(case1);
      const national = await ids(auditor);
      expect(national).toEqual(expect.arrayContaining([case1, case1d, case2]));
      const elsewhere = await get(clerk1, `/api/cases?unit=${units.P2?.id}`).expect(400);
      expect((elsewhere.body as ErrorBody).details?.errors?.[0]?.path).toBe('unit');
    });

    it('let the clerk act on its own cases', async () => {
      const opened = await open(clerk1);
      await sendEvent(t, clerk1, opened, submit).expect(200);
      await sendEvent(t, clerk1, opened, withdraw).expect(200);
    });
  });

  describe('audit', () => {
    const caseIdsOf = (text: string) =>
      new Set(
        text
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => (JSON.parse(line) as { caseId: string }).caseId),
      );

    it('searches, exports and digests only the cases of the scope; the national auditor all', async () => {
      const search = await get(auditor1, '/api/audit/transitions?limit=1000').expect(200);
      const searched = new Set(
        (search.body as { items: Array<{ caseId: string }> }).items.map((entry) => entry.caseId),
      );
      expect(searched.has(case1)).toBe(true);
      expect(searched.has(case2)).toBe(false);

      const exported = await get(auditor1, '/api/audit/transitions?format=ndjson').expect(200);
      const provincial = caseIdsOf(exported.text);
      expect(provincial.has(case1) && provincial.has(case1d)).toBe(true);
      expect(provincial.has(case2)).toBe(false);
      const csv = await get(auditor1, '/api/audit/transitions?format=csv').expect(200);
      expect(csv.text).toContain(case1);
      expect(csv.text).not.toContain(case2);

      const all = await get(auditor, '/api/audit/transitions?format=ndjson').expect(200);
      const national = caseIdsOf(all.text);
      expect(national.has(case1) && national.has(case2)).toBe(true);

      const digest = (await get(auditor1, '/api/audit/digest').expect(200)).body as {
        heads: Array<{ caseId: string }>;
      };
      const heads = digest.heads.map((head) => head.caseId);
      expect(heads).toContain(case1);
      expect(heads).not.toContain(case2);
      const checked = await t.http
        .post('/api/audit/digest/verify')
        .set('Authorization', bearer(auditor1))
        .send(digest)
        .expect(200);
      expect(checked.body).toMatchObject({ valid: true });

      // A national digest checked by the provincial auditor: the other province's cases do not
      // exist for it.
      const nationalDigest = (await get(auditor, '/api/audit/digest').expect(200)).body as object;
      const partial = await t.http
        .post('/api/audit/digest/verify')
        .set('Authorization', bearer(auditor1))
        .send(nationalDigest)
        .expect(200);
      const problems = (partial.body as { problems: Array<{ code: string; caseId?: string }> })
        .problems;
      expect(problems).toContainEqual(
        expect.objectContaining({ code: 'CASE_MISSING', caseId: case2 }),
      );
      expect(problems.map((problem) => problem.caseId)).not.toContain(case1);
    });

    it('plans a workflow-wide migration over the cases of the scope only', async () => {
      const plan = await t.http
        .post('/api/workflows/appointment/migrate/dry-run')
        .set('Authorization', bearer(auditor1))
        .send({ toVersion: 1 })
        .expect(200);
      const planned = JSON.stringify(plan.body);
      expect(planned).not.toContain(case2);
    });
  });

  describe('the read log', () => {
    it('records every read of a case and every export and digest, by whom', async () => {
      await get(clerk1, `/api/cases/${case1}`).expect(200);
      await get(clerk1, `/api/cases/${case1}/history`).expect(200);
      await get(clerk1, `/api/cases/${case1}/diagram?format=mermaid`).expect(200);
      await get(clerk1, `/api/cases/${case1}/verify`).expect(200);
      const log = await get(
        auditor,
        `/api/read-log?target=${case1}&principalId=${clerk1.id}`,
      ).expect(200);
      const kinds = (log.body as ReadLogBody).items.map((item) => item.kind);
      expect(kinds).toEqual(expect.arrayContaining(['case', 'history', 'diagram', 'verify']));
      expect((log.body as ReadLogBody).items.every((item) => item.unitId === units.P1?.id)).toBe(
        true,
      );

      await get(auditor1, '/api/audit/transitions?format=ndjson&workflow=appointment').expect(200);
      await get(auditor1, '/api/audit/digest').expect(200);
      const own = await get(auditor, `/api/read-log?principalId=${auditor1.id}&limit=500`).expect(
        200,
      );
      const reads = (own.body as ReadLogBody).items;
      expect(reads).toContainEqual(
        expect.objectContaining({
          kind: 'export',
          target: '/api/audit/transitions?format=ndjson&workflow=appointment',
          unitId: units.P1?.id,
        }),
      );
      expect(reads).toContainEqual(expect.objectContaining({ kind: 'digest' }));
    });

    it('shows an auditor the reads of its scope only; clerks may not read it', async () => {
      await get(clerk2, `/api/cases/${case2}`).expect(200);
      const national = await get(auditor, `/api/read-log?target=${case2}`).expect(200);
      expect((national.body as ReadLogBody).items.length).toBeGreaterThan(0);
      const provincial = await get(auditor1, `/api/read-log?target=${case2}`).expect(200);
      expect((provincial.body as ReadLogBody).items).toEqual([]);
      const everything = await get(auditor1, '/api/read-log?limit=500').expect(200);
      const seen = new Set((everything.body as ReadLogBody).items.map((item) => item.unitId));
      expect(seen.size).toBeGreaterThan(0);
      for (const outside of [units.P2?.id, units['P2-D']?.id, ROOT_UNIT_ID, null]) {
        expect(seen.has(outside ?? null)).toBe(false);
      }
      await get(clerk1, '/api/read-log').expect(403);
    });

    it('records the reads of a cadre, in the cadre’s unit', async () => {
      const created = await t.http
        .post('/api/cadres')
        .set('Authorization', bearer(clerk1))
        .send({
          code: 'SCOPE-CADRE-1',
          person: { fullName: 'Phạm Thị Dung', gender: 'female', dateOfBirth: '1980-05-06' },
        });
      expect([200, 201]).toContain(created.status);
      const cadreId = (created.body as { id: string }).id;
      await get(clerk1, `/api/cadres/${cadreId}`).expect(200);
      await get(clerk2, `/api/cadres/${cadreId}`).expect(404);
      const log = await get(auditor1, `/api/read-log?target=${cadreId}`).expect(200);
      expect((log.body as ReadLogBody).items).toContainEqual(
        expect.objectContaining({ principalId: clerk1.id, kind: 'cadre', unitId: units.P1?.id }),
      );
    });

    it('pages newest first with a cursor, and refuses a bad one with 400', async () => {
      const first = await get(auditor, '/api/read-log?limit=2').expect(200);
      const page = first.body as ReadLogBody;
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
      const second = await get(
        auditor,
        `/api/read-log?limit=2&cursor=${encodeURIComponent(page.nextCursor ?? '')}`,
      ).expect(200);
      const next = (second.body as ReadLogBody).items;
      expect(next).toHaveLength(2);
      expect(JSON.stringify(next)).not.toEqual(JSON.stringify(page.items));
      await get(auditor, '/api/read-log?cursor=nonsense').expect(400);
      await get(auditor, `/api/read-log?target=${'x'.repeat(1001)}`).expect(400);
      await get(auditor, '/api/cases?unit=not-a-unit').expect(400);
      await get(auditor, `/api/cases?unit=${randomUUID()}`).expect(400);
      await get(auditor, '/api/read-log?principalId=not-a-uuid').expect(400);
    });
  });
});
