/**
 * Every registered route × every caller (each role, no token, a revoked token) against the roles
 * of SPEC §1 and §3, from ONE table. The test reads the routes the app actually registers and
 * fails on any route the table lacks, so a new route cannot escape the matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { DataSource } from 'typeorm';
import {
  PRINCIPAL_ROLES,
  WITHDRAW_ANY_ROLE,
  type PrincipalRole,
} from '../../src/service/auth/principal-roles.js';
import {
  appointmentSubject,
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type Cast,
} from '../support/case-fixtures.js';
import { dataFingerprint, registeredRoutes } from '../support/http-surface.js';
import { LogCapture } from '../support/log-capture.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

/** Who may call a route: nobody needs a token, any principal, or only these roles. */
type Access = 'public' | 'authenticated' | readonly PrincipalRole[];

interface Fixture {
  caseId: string;
  cadreId: string;
  principalToRevoke: string;
  definition: unknown;
}

interface RouteRule {
  access: Access;
  /** A request that an allowed caller may make: the concrete path, query and body. */
  request: (f: Fixture) => { path: string; body?: unknown };
}

const EVERYONE = 'authenticated' as const;
// withdraw_any is a grant that widens a clerk's withdrawals; held alone it opens nothing.
const READERS: readonly PrincipalRole[] = PRINCIPAL_ROLES.filter(
  (role) => role !== WITHDRAW_ANY_ROLE,
);
const PROCEDURE_ACTORS: readonly PrincipalRole[] = [
  'clerk',
  'organization_board',
  'inspection_commission',
  'party_committee',
  'head',
  'authority',
];
const AUDIT: readonly PrincipalRole[] = ['auditor', 'admin'];
const ADMIN: readonly PrincipalRole[] = ['admin'];
// The cadre registry (SPEC §7): clerks, the organization board and admins write; personal data
// (full records, history) for the vetting and oversight roles; the others see a summary.
const CADRE_WRITERS: readonly PrincipalRole[] = ['clerk', 'organization_board', 'admin'];
const CADRE_RECORD_READERS: readonly PrincipalRole[] = [
  'clerk',
  'organization_board',
  'inspection_commission',
  'auditor',
  'admin',
];
const MATRIX_PERSON = { fullName: 'Phạm Thị Dung', gender: 'female', dateOfBirth: '1980-05-06' };

const at = (path: string) => () => ({ path });

/** THE table: `METHOD pattern` as Fastify registers it → who may call it (SPEC §1, §3). */
const ROUTES: Readonly<Record<string, RouteRule>> = {
  // Health and docs: no token (SPEC §2).
  'GET /api/health': { access: 'public', request: at('/api/health') },
  'GET /api/health/live': { access: 'public', request: at('/api/health/live') },
  'GET /api/health/ready': { access: 'public', request: at('/api/health/ready') },
  'GET /api/metrics': { access: AUDIT, request: at('/api/metrics') },
  'GET /api/docs': { access: 'public', request: at('/api/docs') },
  'GET /api/docs/': { access: 'public', request: at('/api/docs/') },
  'GET /api/docs/index.html': { access: 'public', request: at('/api/docs/index.html') },
  'GET /api/docs/swagger-ui-init.js': {
    access: 'public',
    request: at('/api/docs/swagger-ui-init.js'),
  },
  'GET /api/docs/docs/swagger-ui-init.js': {
    access: 'public',
    request: at('/api/docs/docs/swagger-ui-init.js'),
  },
  'GET /api/docs/LICENSE': { access: 'public', request: at('/api/docs/LICENSE') },
  'GET /api/docs/*': { access: 'public', request: at('/api/docs/swagger-ui.css') },
  'GET /api/docs-json': { access: 'public', request: at('/api/docs-json') },
  'GET /api/docs-yaml': { access: 'public', request: at('/api/docs-yaml') },
  // Principals (SPEC §3.1): admin.
  'POST /api/principals': {
    access: ADMIN,
    request: () => ({ path: '/api/principals', body: { name: 'matrix', roles: ['clerk'] } }),
  },
  'GET /api/principals': { access: ADMIN, request: at('/api/principals') },
  'DELETE /api/principals/:id': {
    access: ADMIN,
    request: (f) => ({ path: `/api/principals/${f.principalToRevoke}` }),
  },
  // Workflow definitions (SPEC §3.2): any principal reads; admin publishes and dry-runs.
  'GET /api/workflows': { access: EVERYONE, request: at('/api/workflows') },
  'GET /api/workflows/:key': { access: EVERYONE, request: at('/api/workflows/appointment') },
  'GET /api/workflows/:key/versions': {
    access: EVERYONE,
    request: at('/api/workflows/appointment/versions'),
  },
  'GET /api/workflows/:key/versions/:version': {
    access: EVERYONE,
    request: at('/api/workflows/appointment/versions/1'),
  },
  'GET /api/workflows/:key/diagram': {
    access: EVERYONE,
    request: at('/api/workflows/appointment/diagram?format=mermaid'),
  },
  // An invalid definition: an admin gets 400, nothing is published.
  'POST /api/workflows': { access: ADMIN, request: () => ({ path: '/api/workflows', body: {} }) },
  'POST /api/workflows/validate': {
    access: ADMIN,
    request: (f) => ({ path: '/api/workflows/validate', body: f.definition }),
  },
  'POST /api/workflows/simulate': {
    access: ADMIN,
    request: (f) => ({
      path: '/api/workflows/simulate',
      body: { definition: f.definition, subject: appointmentSubject(), events: [] },
    }),
  },
  // Cases (SPEC §3.3): clerks open; the procedure's roles send events (the definition then says
  // which event each may send); everyone reads, auditors and admins included.
  'POST /api/cases': {
    access: ['clerk'],
    request: () => ({
      path: '/api/cases',
      body: { workflow: 'appointment', subject: appointmentSubject() },
    }),
  },
  'GET /api/cases': { access: READERS, request: at('/api/cases?limit=5') },
  'GET /api/cases/:id': { access: READERS, request: (f) => ({ path: `/api/cases/${f.caseId}` }) },
  'GET /api/cases/:id/history': {
    access: READERS,
    request: (f) => ({ path: `/api/cases/${f.caseId}/history` }),
  },
  'GET /api/cases/:id/verify': {
    access: READERS,
    request: (f) => ({ path: `/api/cases/${f.caseId}/verify` }),
  },
  'GET /api/cases/:id/diagram': {
    access: READERS,
    request: (f) => ({ path: `/api/cases/${f.caseId}/diagram?format=mermaid` }),
  },
  // An event no state has: an actor gets 409 EVENT_NOT_ALLOWED, the case is unchanged.
  'POST /api/cases/:id/events': {
    access: PROCEDURE_ACTORS,
    request: (f) => ({ path: `/api/cases/${f.caseId}/events`, body: { type: 'NO_SUCH_EVENT' } }),
  },
  // Instance migration: auditors and admins plan (nothing written), admins move; the move here
  // lacks its document (400), so the case stays where it is.
  'POST /api/cases/:id/migrate/dry-run': {
    access: AUDIT,
    request: (f) => ({ path: `/api/cases/${f.caseId}/migrate/dry-run`, body: { toVersion: 1 } }),
  },
  'POST /api/cases/:id/migrate': {
    access: ADMIN,
    request: (f) => ({ path: `/api/cases/${f.caseId}/migrate`, body: { toVersion: 1 } }),
  },
  'POST /api/workflows/:key/migrate/dry-run': {
    access: AUDIT,
    request: () => ({ path: '/api/workflows/appointment/migrate/dry-run', body: { toVersion: 1 } }),
  },
  // The working-day calendar: everyone reads it, admins maintain it (a bad body: 400).
  'GET /api/calendar/years': { access: EVERYONE, request: at('/api/calendar/years') },
  'GET /api/calendar/years/:year': { access: EVERYONE, request: at('/api/calendar/years/2026') },
  'PUT /api/calendar/years/:year': {
    access: ADMIN,
    request: () => ({ path: '/api/calendar/years/2031', body: { nonsense: true } }),
  },
  // Units (SPEC §7): everyone reads the tree, admins add units (a code that is new each time: a
  // run that repeats does not trip over its own unit).
  'GET /api/units': { access: EVERYONE, request: at('/api/units') },
  'POST /api/units': {
    access: ADMIN,
    request: () => ({ path: '/api/units', body: { code: `M-${randomUUID()}`, name: 'Ma trận' } }),
  },
  'POST /api/units/import': {
    access: ADMIN,
    request: () => ({ path: '/api/units/import?dryRun=true', body: { units: [] } }),
  },
  // The read log (SPEC §1): auditor and admin, each within its scope.
  'GET /api/read-log': { access: AUDIT, request: at('/api/read-log?limit=5') },
  // The cadre registry (SPEC §7). A POST of the fixture's own draft changes nothing (200); an
  // entry that supersedes nothing is refused (422), so the registry stays as it was.
  'POST /api/cadres': {
    access: CADRE_WRITERS,
    request: () => ({ path: '/api/cadres', body: { code: 'MATRIX-1', person: MATRIX_PERSON } }),
  },
  'GET /api/cadres': { access: READERS, request: at('/api/cadres?q=dung') },
  'GET /api/cadres/:id': {
    access: READERS,
    request: (f) => ({ path: `/api/cadres/${f.cadreId}` }),
  },
  'POST /api/cadres/:id/entries': {
    access: CADRE_WRITERS,
    request: (f) => ({
      path: `/api/cadres/${f.cadreId}/entries`,
      body: { entries: [{ kind: 'rating', supersedes: 999, void: true }] },
    }),
  },
  'GET /api/cadres/:id/history': {
    access: CADRE_RECORD_READERS,
    request: (f) => ({ path: `/api/cadres/${f.cadreId}/history` }),
  },
  'GET /api/reminders': { access: CADRE_RECORD_READERS, request: at('/api/reminders?within=30d') },
  'GET /api/cadres/:id/verify': {
    access: READERS,
    request: (f) => ({ path: `/api/cadres/${f.cadreId}/verify` }),
  },
  // Audit (SPEC §3.4): auditor and admin.
  'GET /api/audit/transitions': { access: AUDIT, request: at('/api/audit/transitions?limit=5') },
  'GET /api/audit/digest': { access: AUDIT, request: at('/api/audit/digest') },
  'GET /api/audit/public-key': { access: AUDIT, request: at('/api/audit/public-key') },
  'GET /api/audit/system': { access: AUDIT, request: at('/api/audit/system') },
  'GET /api/audit/system/verify': { access: AUDIT, request: at('/api/audit/system/verify') },
  'POST /api/audit/digest/verify': {
    access: AUDIT,
    request: () => ({ path: '/api/audit/digest/verify', body: {} }),
  },
};

type CallerName = PrincipalRole | 'no token' | 'revoked token';
type Verdict = 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED';
const CALLERS: readonly CallerName[] = [...PRINCIPAL_ROLES, 'no token', 'revoked token'];

const expectedVerdict = (access: Access, caller: CallerName): Verdict => {
  if (access === 'public') return 'allowed';
  if (caller === 'no token' || caller === 'revoked token') return 'UNAUTHENTICATED';
  if (access === 'authenticated') return 'allowed';
  return access.includes(caller) ? 'allowed' : 'FORBIDDEN';
};

describe.each(databasesUnderTest())('authorization matrix on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const logs = new LogCapture();
  const principals = new Map<CallerName, TestPrincipal | undefined>();
  let fixture: Fixture;

  beforeAll(async () => {
    // The failure limiter is tested on its own; here it would stop the revoked-token column.
    t = await startTestApp({
      database,
      authFailuresPerMinute: 0,
      logger: logs,
      requestLog: { level: 'log', stream: logs.stream },
    });
    cast = await createCast(t);
    principals.set('clerk', cast.clerk);
    principals.set('organization_board', cast.board);
    principals.set('inspection_commission', cast.inspection);
    principals.set('head', cast.head);
    principals.set('authority', cast.authority);
    principals.set('auditor', cast.auditor);
    principals.set('admin', {
      id: 'admin',
      name: 'admin',
      roles: ['admin'],
      token: t.adminToken,
    });
    const revoked = await t.createPrincipal(['clerk', 'authority', 'auditor', 'admin'], 'gone');
    await t.http
      .delete(`/api/principals/${revoked.id}`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .expect(204);
    principals.set('revoked token', revoked);
    principals.set(WITHDRAW_ANY_ROLE, await t.createPrincipal([WITHDRAW_ANY_ROLE], 'grant only'));
    // cấp ủy: gives the written opinion of NĐ 170 Art. 33 step 5 (appointment-state v2).
    principals.set('party_committee', await t.createPrincipal(['party_committee'], 'Cấp ủy'));
    principals.set('no token', undefined);
    const opened = await openAppointment(t, cast.clerk);
    const definition = await t.http
      .get('/api/workflows/appointment')
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    const cadre = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({ code: 'MATRIX-1', person: MATRIX_PERSON })
      .expect(201);
    fixture = {
      caseId: opened.id,
      cadreId: (cadre.body as { id: string }).id,
      principalToRevoke: (await t.createPrincipal(['head'], 'to revoke')).id,
      definition: definition.body as unknown,
    };
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  const call = (method: string, rule: RouteRule, caller: CallerName): Test => {
    const { path, body } = rule.request(fixture);
    const verb = method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
    let request = t.http[verb](path);
    const principal = principals.get(caller);
    if (principal) request = request.set('Authorization', bearer(principal));
    return body === undefined ? request : request.send(body as object);
  };

  const verdictOf = (status: number, code: unknown): string => {
    if (status === 401 && code === 'UNAUTHENTICATED') return 'UNAUTHENTICATED';
    if (status === 403 && code === 'FORBIDDEN') return 'FORBIDDEN';
    if (status < 500 && status !== 401 && status !== 403) return 'allowed';
    return `${status} ${String(code)}`;
  };

  it('has a row for every registered route, and no row for a route that does not exist', () => {
    const registered = registeredRoutes(t.app).map((route) => `${route.method} ${route.path}`);
    expect([...registered].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('refuses every denied call (401/403) and changes nothing doing so', async () => {
    const before = await dataFingerprint(t.app);
    const expected: Record<string, Record<string, Verdict>> = {};
    const actual: Record<string, Record<string, string>> = {};
    for (const [route, rule] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0] ?? '';
      for (const caller of CALLERS) {
        const verdict = expectedVerdict(rule.access, caller);
        if (verdict === 'allowed') continue;
        const response = await call(method, rule, caller);
        (expected[route] ??= {})[caller] = verdict;
        (actual[route] ??= {})[caller] = verdictOf(
          response.status,
          (response.body as { code?: unknown }).code,
        );
      }
    }
    expect(actual).toEqual(expected);
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  it('lets every allowed caller through (no 401, no 403, no 5xx)', async () => {
    const expected: Record<string, Record<string, Verdict>> = {};
    const actual: Record<string, Record<string, string>> = {};
    let checked = 0;
    for (const [route, rule] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0] ?? '';
      for (const caller of CALLERS) {
        if (expectedVerdict(rule.access, caller) !== 'allowed') continue;
        const response = await call(method, rule, caller);
        (expected[route] ??= {})[caller] = 'allowed';
        (actual[route] ??= {})[caller] = verdictOf(
          response.status,
          (response.body as { code?: unknown }).code,
        );
        checked += 1;
      }
    }
    expect(actual).toEqual(expected);
    expect(checked).toBeGreaterThan(100);
    // Both phases together: every route × every caller.
    expect(Object.keys(ROUTES).length * CALLERS.length).toBe(54 * 11);
  });

  it('lets an auditor write nothing: every non-GET route refuses it, and no data changes', async () => {
    const before = await dataFingerprint(t.app);
    for (const [route, rule] of Object.entries(ROUTES)) {
      const method = route.split(' ')[0] ?? '';
      const response = await call(method, rule, 'auditor');
      expect(response.status).toBeLessThan(500);
      // Checking a digest and planning a migration are computations: nothing is written.
      const computes = [
        'POST /api/audit/digest/verify',
        'POST /api/cases/:id/migrate/dry-run',
        'POST /api/workflows/:key/migrate/dry-run',
      ];
      const writes = method !== 'GET' && !computes.includes(route);
      if (writes) expect({ route, status: response.status }).toEqual({ route, status: 403 });
    }
    // Reading leaves no trace in the data either (the digest check is a computation).
    expect(await dataFingerprint(t.app)).toEqual(before);
  });

  describe('scope: every case route × every allowed role, inside its scope and outside it', () => {
    // The routes that name a case; the move itself gets a complete body here, so that what
    // answers is the case lookup, not the body's validation.
    const caseRoutes = Object.entries(ROUTES).filter(([route]) => route.includes('/api/cases/:id'));
    const bodyFor = (route: string, body: unknown): unknown =>
      route === 'POST /api/cases/:id/migrate'
        ? { toVersion: 1, documentRef: 'Quyết định số 1-QĐ/TU' }
        : body;
    const scoped = new Map<PrincipalRole, TestPrincipal>();
    let inside: Fixture;
    let outside: Fixture;

    beforeAll(async () => {
      const unit = async (code: string): Promise<string> => {
        const created = await t.http
          .post('/api/units')
          .set('Authorization', `Bearer ${t.adminToken}`)
          .send({ code, name: `Đơn vị ${code}` })
          .expect(201);
        return (created.body as { id: string }).id;
      };
      const here = await unit('SCOPE-IN');
      const there = await unit('SCOPE-OUT');
      const principalIn = async (roles: PrincipalRole[], unitId: string) => {
        const created = await t.http
          .post('/api/principals')
          .set('Authorization', `Bearer ${t.adminToken}`)
          .send({ name: `${roles.join('+')} in scope`, roles, unitId })
          .expect(201);
        return created.body as TestPrincipal;
      };
      for (const role of READERS) scoped.set(role, await principalIn([role], here));
      const stranger = await principalIn(['clerk'], there);
      inside = {
        ...fixture,
        caseId: (await openAppointment(t, scoped.get('clerk') as TestPrincipal)).id,
      };
      outside = { ...fixture, caseId: (await openAppointment(t, stranger)).id };
    });

    const callAs = (
      method: string,
      route: string,
      rule: RouteRule,
      who: TestPrincipal,
      f: Fixture,
    ): Test => {
      const { path, body } = rule.request(f);
      const verb = method.toLowerCase() as 'get' | 'post';
      const request = t.http[verb](path).set('Authorization', bearer(who));
      const sent = bodyFor(route, body);
      return sent === undefined ? request : request.send(sent as object);
    };

    it('answers inside the scope as the matrix says, and 404 NOT_FOUND outside it', async () => {
      const expected: Record<string, Record<string, string>> = {};
      const actual: Record<string, Record<string, string>> = {};
      for (const [route, rule] of caseRoutes) {
        const method = route.split(' ')[0] ?? '';
        if (!Array.isArray(rule.access)) throw new Error(`${route} has no role list`);
        for (const role of rule.access as readonly PrincipalRole[]) {
          const who = scoped.get(role) as TestPrincipal;
          const there = await callAs(method, route, rule, who, outside);
          const here = await callAs(method, route, rule, who, inside);
          (expected[route] ??= {})[role] = 'inside: allowed, outside: 404 NOT_FOUND';
          const hereVerdict =
            here.status === 404 || here.status >= 500 || here.status === 401 || here.status === 403
              ? `${here.status} ${String((here.body as { code?: unknown }).code)}`
              : 'allowed';
          (actual[route] ??= {})[role] =
            `inside: ${hereVerdict}, outside: ${there.status} ${String((there.body as { code?: unknown }).code)}`;
        }
      }
      expect(actual).toEqual(expected);
    });

    it('lists and audits nothing of the other unit', async () => {
      for (const role of READERS) {
        const who = scoped.get(role) as TestPrincipal;
        const listed = await t.http
          .get('/api/cases?limit=200')
          .set('Authorization', bearer(who))
          .expect(200);
        const ids = (listed.body as { items: Array<{ id: string }> }).items.map((item) => item.id);
        expect({
          role,
          inside: ids.includes(inside.caseId),
          outside: ids.includes(outside.caseId),
        }).toEqual({
          role,
          inside: true,
          outside: false,
        });
        if (!AUDIT.includes(role)) continue;
        const exported = await t.http
          .get('/api/audit/transitions?format=ndjson')
          .set('Authorization', bearer(who))
          .expect(200);
        expect(exported.text).toContain(inside.caseId);
        expect(exported.text).not.toContain(outside.caseId);
      }
    });
  });

  it('separation of duties: one principal gives one approval of a step, never two', async () => {
    const both = await t.createPrincipal(['organization_board', 'inspection_commission'], 'both');
    const opened = await openAppointment(t, cast.clerk);
    const walk = appointmentWalk(cast);
    // Up to vetting.review, which needs the board's and the commission's approvals.
    for (const step of walk.slice(0, 7)) {
      await sendEvent(t, step.by, opened.id, { type: step.type, payload: step.payload }).expect(
        200,
      );
    }
    await sendEvent(t, both, opened.id, { type: 'APPROVE', payload: {} }).expect(200);
    const before = await dataFingerprint(t.app);
    const second = await sendEvent(t, both, opened.id, { type: 'APPROVE', payload: {} }).expect(
      403,
    );
    expect(second.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(await dataFingerprint(t.app)).toEqual(before);
    // Someone else gives the other approval: the step completes.
    const done = await sendEvent(t, cast.inspection, opened.id, { type: 'APPROVE', payload: {} });
    expect(done.status).toBe(200);
    expect((done.body as { state: string }).state).toBe('vote.ballot');
  });

  it('separation of duties: nobody approves a step it submitted itself', async () => {
    const clerkAndAuthority = await t.createPrincipal(['clerk', 'authority'], 'clerk+authority');
    const response = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(clerkAndAuthority))
      .send({ workflow: 'appointment', subject: appointmentSubject() })
      .expect(201);
    const caseId = (response.body as { id: string }).id;
    await sendEvent(t, clerkAndAuthority, caseId, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    const before = await dataFingerprint(t.app);
    const refused = await sendEvent(t, clerkAndAuthority, caseId, {
      type: 'APPROVE',
      payload: {},
    }).expect(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(await dataFingerprint(t.app)).toEqual(before);
    await sendEvent(t, cast.authority, caseId, { type: 'APPROVE', payload: {} }).expect(200);
  });

  describe('WITHDRAW, until units exist: the opener, or a clerk an admin granted withdraw_any', () => {
    const withdraw = { type: 'WITHDRAW', payload: { reason: 'Rút hồ sơ theo đề nghị' } };
    const offers = async (principal: TestPrincipal, caseId: string): Promise<boolean> => {
      const view = await t.http
        .get(`/api/cases/${caseId}`)
        .set('Authorization', bearer(principal))
        .expect(200);
      const events = (view.body as { availableEvents: Array<{ type: string }> }).availableEvents;
      return events.some((event) => event.type === 'WITHDRAW');
    };

    it("refuses another clerk's withdrawal with 403 and changes nothing", async () => {
      const other = await t.createPrincipal(['clerk'], 'another clerk');
      const opened = await openAppointment(t, cast.clerk);
      expect(await offers(other, opened.id)).toBe(false);
      const before = await dataFingerprint(t.app);
      const refused = await sendEvent(t, other, opened.id, withdraw).expect(403);
      expect(refused.body).toMatchObject({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: expect.stringContaining('opened') as unknown,
      });
      expect(await dataFingerprint(t.app)).toEqual(before);
    });

    it('lets the clerk who opened the case withdraw it', async () => {
      const opened = await openAppointment(t, cast.clerk);
      expect(await offers(cast.clerk, opened.id)).toBe(true);
      const done = await sendEvent(t, cast.clerk, opened.id, withdraw).expect(200);
      expect((done.body as { state: string }).state).toBe('withdrawn');
    });

    it('lets a clerk granted withdraw_any withdraw a case another clerk opened', async () => {
      const supervisor = await t.createPrincipal(['clerk', WITHDRAW_ANY_ROLE], 'supervisor');
      const opened = await openAppointment(t, cast.clerk);
      expect(await offers(supervisor, opened.id)).toBe(true);
      const done = await sendEvent(t, supervisor, opened.id, withdraw).expect(200);
      expect((done.body as { state: string }).state).toBe('withdrawn');
    });

    it('gives withdraw_any alone no right to send events', async () => {
      const opened = await openAppointment(t, cast.clerk);
      const grantOnly = principals.get(WITHDRAW_ANY_ROLE) as TestPrincipal;
      const before = await dataFingerprint(t.app);
      await sendEvent(t, grantOnly, opened.id, withdraw).expect(403);
      expect(await dataFingerprint(t.app)).toEqual(before);
    });
  });

  it('stores tokens only as SHA-256 hashes', async () => {
    const rows = await t.app
      .get(DataSource)
      .query<Array<Record<string, unknown>>>('SELECT * FROM "principal"');
    const dump = JSON.stringify(rows);
    const tokens = [t.adminToken, ...(Object.values(cast) as TestPrincipal[]).map((p) => p.token)];
    for (const token of tokens) {
      expect(dump).not.toContain(token);
      const hash = createHash('sha256').update(token).digest('hex');
      expect(rows.filter((row) => row.token_hash === hash)).toHaveLength(1);
    }
  });

  it('never logs a token or the Authorization header, over the whole run', () => {
    const everything = logs.lines.join('\n');
    expect(logs.requestLines().length).toBeGreaterThan(200);
    const tokens = [...principals.values()].flatMap((p) => (p ? [p.token] : []));
    expect(tokens.length).toBe(10);
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/bearer/i);
    expect(everything).not.toMatch(/authorization/i);
  });
});
