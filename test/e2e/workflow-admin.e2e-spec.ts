import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { XMLValidator } from 'fast-xml-parser';
import { canonicalJson, sha256Hex } from '../../src/service/common/canonical-json.js';
import { builtinDocument, cadre } from '../support/engine-fixtures.js';
import {
  bearer,
  createCast,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database.js';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: { problems?: Array<Record<string, unknown>>; errors?: unknown[] };
}

interface VersionRow {
  key: string;
  version: number;
  source: string;
  contentHash: string;
  publishedAt: string;
  publishedBy: string | null;
  activeCases: number;
}

type Json = Record<string, unknown>;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// A warning effective 2023-06-01 is 33 months old on 2026-03-02: past QĐ 80's 30-month wait,
// within QĐ 377's 36 months.
const warned = cadre({
  id: 'cw',
  fullName: 'Phạm Văn D',
  disciplines: [{ level: 'warning', effectiveOn: '2023-06-01' }],
});
// A warning effective 2022-11-01 is 40 months old on 2026-03-02: past QĐ 377's 36 months.
const warnedLonger = cadre({
  id: 'cx',
  fullName: 'Đỗ Văn E',
  disciplines: [{ level: 'warning', effectiveOn: '2022-11-01' }],
});
const subject = {
  position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
  candidates: [cadre({ id: 'c1' }), warned, warnedLonger],
};

const policy = { headcount: 1, source: 'internal', duties: 'Phụ trách chung' };

/** A small valid definition: draft → review → approved | rejected. */
function smallDefinition(key: string): Json {
  return {
    key,
    title: { vi: 'Xin nghỉ phép', en: 'Leave request' },
    regulation: 'Nội quy cơ quan (2026)',
    initial: 'draft',
    on: { WITHDRAW: { roles: ['clerk'], target: '#withdrawn' } },
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], target: 'review' } } },
      review: {
        on: {
          APPROVE: {
            roles: ['authority'],
            rules: [{ type: 'approvals', params: { required: ['authority'] } }],
            branches: { COMPLETE: 'approved' },
          },
          REJECT: { roles: ['authority'], target: 'rejected' },
        },
      },
      approved: { type: 'final' },
      rejected: { type: 'final', result: 'terminated' },
      withdrawn: { type: 'final', result: 'terminated' },
    },
  };
}

/** `smallDefinition` in format 2, its subject and rejection payload taken from built-in $defs. */
function withBuiltinDefs(key: string): Json {
  const definition = smallDefinition(key);
  const review = (definition['states'] as Json)['review'] as Json;
  ((review['on'] as Json)['REJECT'] as Json)['payload'] = { $ref: 'cadreflow:defs/reason' };
  return {
    formatVersion: 2,
    ...definition,
    subject: {
      type: 'object',
      required: ['cadre'],
      properties: { cadre: { $ref: 'cadreflow:defs/cadre' } },
    },
  };
}

const hashOf = (document: unknown): string => sha256Hex(canonicalJson(document));

describe.each(databasesUnderTest())('workflow administration on %s', (database) => {
  let store: ThrowawayDatabase;
  let t: TestApp;
  let cast: Cast;
  let adminToken: string;
  const clock = new TestClock(new Date('2026-03-02T03:00:00.000Z'));
  const admin = () => ({ token: adminToken });

  const start = (existingDatabase: ThrowawayDatabase, token?: string) =>
    startTestApp({
      database,
      existingDatabase,
      clock,
      ...(token === undefined ? {} : { adminToken: token }),
    });

  beforeAll(async () => {
    store = await createThrowawayDatabase(database);
    t = await start(store);
    adminToken = t.adminToken;
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
    await store.drop();
  });

  const getDefinition = async (path: string): Promise<Json> =>
    (
      await t.http
        .get(`/api/workflows/${path}`)
        .set('Authorization', bearer(cast.clerk))
        .expect(200)
    ).body as Json;

  const publish = (body: unknown, by: { token: string } = admin()) =>
    t.http
      .post('/api/workflows')
      .set('Authorization', bearer(by))
      .send(body as object);

  const versionsOf = async (key: string): Promise<VersionRow[]> =>
    (
      await t.http
        .get(`/api/workflows/${key}/versions`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as VersionRow[];

  const openCase = async (workflow: string): Promise<CaseBody & { workflowVersion: number }> =>
    (
      await t.http
        .post('/api/cases')
        .set('Authorization', bearer(cast.clerk))
        .send({ workflow, subject })
        .expect(201)
    ).body as CaseBody & { workflowVersion: number };

  // The built-ins publish QĐ 80 (v1) and QĐ 377 (v2, 36 months for a warning); an admin then
  // publishes a stricter profile (48 months, hypothetical) as the next version.
  describe('acceptance: a new discipline waiting period, published under running cases', () => {
    let before: CaseBody & { workflowVersion: number };
    let after: CaseBody & { workflowVersion: number };
    let previous: number;

    it('publishes GET appointment with a changed warning wait as version n+1', async () => {
      const document = await getDefinition('appointment');
      previous = document['version'] as number;
      expect((document['parameters'] as Json)['disciplineWaitMonths']).toMatchObject({
        reprimand: 24,
        warning: 36,
        removal: 60,
      });
      before = await openCase('appointment');
      expect(before.workflowVersion).toBe(previous);

      const edited = clone(document);
      ((edited['parameters'] as Json)['disciplineWaitMonths'] as Json)['warning'] = 48;
      ((edited['parameters'] as Json)['disciplineWaitMonths'] as Json)['source'] =
        'Quy định giả định (2026)';
      edited['regulation'] = 'Quy định giả định (2026)';
      delete edited['version']; // the SPEC: a definition without version becomes the next one
      const response = await publish(edited).expect(201);
      expect(response.body).toEqual({ key: 'appointment', version: previous + 1 });

      const latest = await getDefinition('appointment');
      expect(latest).toEqual({ ...edited, version: previous + 1 });
      // The old version is still there, unchanged.
      expect(await getDefinition(`appointment/versions/${previous}`)).toEqual(document);

      after = await openCase('appointment');
      expect(after.workflowVersion).toBe(previous + 1);
    });

    it('lists the versions with their origin and how many cases are active on each', async () => {
      const versions = (await versionsOf('appointment')).slice(-2);
      expect(versions.map((row) => row.version)).toEqual([previous, previous + 1]);
      expect(versions[0]).toMatchObject({ source: 'builtin', publishedBy: null, activeCases: 1 });
      expect(versions[1]).toMatchObject({
        key: 'appointment',
        source: 'api',
        activeCases: 1,
        publishedAt: '2026-03-02T03:00:00.000Z',
      });
      expect(versions[1]?.publishedBy).toEqual(expect.any(String));
    });

    it('keeps each case on its version after a restart of the service', async () => {
      await t.app.close(); // the service stops; the database stays
      t = await start(store, adminToken);

      const reread = async (id: string) =>
        (await t.http.get(`/api/cases/${id}`).set('Authorization', bearer(cast.clerk)).expect(200))
          .body as { workflowVersion: number };
      expect((await reread(before.id)).workflowVersion).toBe(previous);
      expect((await reread(after.id)).workflowVersion).toBe(previous + 1);

      for (const id of [before.id, after.id]) {
        await sendEvent(t, cast.clerk, id, { type: 'SUBMIT', payload: policy }).expect(200);
        await sendEvent(t, cast.authority, id, { type: 'APPROVE' }).expect(200);
      }
      const eligible = { type: 'SUBMIT', payload: { eligible: ['cx'] } };

      // Opened before: QĐ 377's 36 months are over.
      const old = await sendEvent(t, cast.clerk, before.id, eligible).expect(200);
      expect((old.body as CaseBody).state).toBe('proposal.nomination');
      const history = (
        await t.http
          .get(`/api/cases/${before.id}/history`)
          .set('Authorization', bearer(cast.auditor))
          .expect(200)
      ).body as Array<{ outcome: unknown }>;
      expect(JSON.stringify(history[history.length - 1]?.outcome)).toContain('"warning":36');

      // Opened after: 48 months are not.
      const refused = await sendEvent(t, cast.clerk, after.id, eligible).expect(422);
      expect(refused.body).toMatchObject({
        code: 'RULE_NOT_SATISFIED',
        details: { rule: 'eligibility' },
      });
      expect((refused.body as ErrorBody).message).toMatch(/48-month wait after the warning/);
    });

    it('survives a second restart with the versions and their counts intact', async () => {
      await t.app.close();
      t = await start(store, adminToken);
      const versions = (await versionsOf('appointment')).slice(-2);
      expect(versions.map((row) => [row.version, row.activeCases])).toEqual([
        [previous, 1],
        [previous + 1, 1],
      ]);
      // New cases still take the latest.
      expect((await openCase('appointment')).workflowVersion).toBe(previous + 1);
    });
  });

  describe('invalid definitions: 400 DEFINITION_INVALID naming what is at fault', () => {
    const problemsOf = async (body: unknown) => {
      const response = await publish(body).expect(400);
      const error = response.body as ErrorBody;
      expect(error.code).toBe('DEFINITION_INVALID');
      return error.details?.problems ?? [];
    };

    it('an empty definition', async () => {
      const problems = await problemsOf({});
      expect(problems.map((problem) => problem['path'])).toEqual(
        expect.arrayContaining(['key', 'title', 'regulation', 'initial', 'states']),
      );
    });

    it('an unknown target', async () => {
      const draft = smallDefinition('leave-target');
      ((draft['states'] as Json)['draft'] as { on: { SUBMIT: Json } }).on.SUBMIT['target'] =
        'nowhere';
      expect(await problemsOf(draft)).toContainEqual(
        expect.objectContaining({ code: 'UNKNOWN_TARGET', state: 'draft', event: 'SUBMIT' }),
      );
    });

    it('an unreachable state', async () => {
      const draft = smallDefinition('leave-unreachable');
      (draft['states'] as Json)['archived'] = { type: 'final' };
      expect(await problemsOf(draft)).toContainEqual(
        expect.objectContaining({ code: 'UNREACHABLE_STATE', state: 'archived' }),
      );
    });

    it('an unknown rule', async () => {
      const draft = smallDefinition('leave-rule');
      ((draft['states'] as Json)['review'] as { on: { REJECT: Json } }).on.REJECT['rules'] = [
        { type: 'astrology', params: {} },
      ];
      expect(await problemsOf(draft)).toContainEqual(
        expect.objectContaining({
          code: 'UNKNOWN_RULE',
          rule: 'astrology',
          state: 'review',
          event: 'REJECT',
        }),
      );
    });

    it('every problem at once, and nothing is published', async () => {
      const draft = smallDefinition('leave-many');
      (draft['states'] as Json)['archived'] = { type: 'final' };
      ((draft['states'] as Json)['review'] as { on: { REJECT: Json } }).on.REJECT['rules'] = [
        { type: 'astrology', params: {} },
      ];
      (draft['on'] as { WITHDRAW: Json }).WITHDRAW['roles'] = ['janitor'];
      const codes = (await problemsOf(draft)).map((problem) => problem['code']);
      expect(codes).toEqual(
        expect.arrayContaining(['UNREACHABLE_STATE', 'UNKNOWN_RULE', expect.any(String)]),
      );
      expect(codes.length).toBeGreaterThanOrEqual(3);
      await t.http
        .get('/api/workflows/leave-many')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });
  });

  describe('who may publish, and published versions never change', () => {
    it('refuses a clerk and an auditor (403), on publish, validate and simulate', async () => {
      for (const principal of [cast.clerk, cast.auditor]) {
        const refused = await publish(smallDefinition('leave-forbidden'), principal).expect(403);
        expect((refused.body as ErrorBody).code).toBe('FORBIDDEN');
        await t.http
          .post('/api/workflows/validate')
          .set('Authorization', bearer(principal))
          .send(smallDefinition('leave-forbidden'))
          .expect(403);
        await t.http
          .post('/api/workflows/simulate')
          .set('Authorization', bearer(principal))
          .send({ definition: smallDefinition('leave-forbidden'), subject: {}, events: [] })
          .expect(403);
      }
      await t.http
        .get('/api/workflows/leave-forbidden')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });

    it('refuses to publish a version that exists (409 REVISION_CONFLICT), and keeps it as it was', async () => {
      const document = await getDefinition('appointment');
      const changed = clone(document);
      changed['regulation'] = 'tampered';
      const refused = await publish(changed).expect(409);
      expect(refused.body).toEqual({
        statusCode: 409,
        code: 'REVISION_CONFLICT',
        message: expect.stringMatching(/already published/) as unknown,
        details: {
          key: 'appointment',
          version: document['version'],
          latest: document['version'],
          problems: [
            {
              code: 'VERSION_PUBLISHED',
              path: 'version',
              message: expect.stringMatching(/already published/) as unknown,
            },
          ],
        },
      });
      expect(await getDefinition('appointment')).toEqual(document);
      // An older version that exists is refused too.
      await publish({ ...changed, version: 1 }).expect(409);
    });

    it('answers concurrent publishes of one version with one 201 and 409s, and stores only the winner', async () => {
      const attempts = ['a', 'b', 'c'].map((tag) => ({
        ...smallDefinition('leave-race'),
        version: 2,
        regulation: `attempt ${tag}`,
      }));
      const responses = await Promise.all(attempts.map((body) => publish(body)));
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409]);
      const winner = responses.findIndex((response) => response.status === 201);
      expect(responses[winner]?.body).toEqual({ key: 'leave-race', version: 2 });
      for (const response of responses.filter((each) => each.status === 409)) {
        expect(response.body).toMatchObject({
          statusCode: 409,
          code: 'REVISION_CONFLICT',
          details: { key: 'leave-race', version: 2, problems: [{ code: 'VERSION_PUBLISHED' }] },
        });
      }
      expect((await versionsOf('leave-race')).map((row) => row.version)).toEqual([2]);
      expect(await getDefinition('leave-race/versions/2')).toEqual(attempts[winner]);
      const log = await t.http
        .get('/api/audit/system?limit=500')
        .set('Authorization', bearer(cast.auditor))
        .expect(200);
      const publishes = (
        log.body as { items: Array<{ action: string; target: string }> }
      ).items.filter(
        (entry) => entry.action === 'workflow.publish' && entry.target === 'leave-race@2',
      );
      expect(publishes).toHaveLength(1);
    });

    it('publishes a new key as version 1, then the version it names when that is new', async () => {
      const first = await publish(smallDefinition('leave-request')).expect(201);
      expect(first.body).toEqual({ key: 'leave-request', version: 1 });
      const named = await publish({ ...smallDefinition('leave-request'), version: 5 }).expect(201);
      expect(named.body).toEqual({ key: 'leave-request', version: 5 });
      expect((await versionsOf('leave-request')).map((row) => row.version)).toEqual([1, 5]);
    });

    it('GET returns exactly what POST accepts: every built-in round-trips', async () => {
      const list = (await t.http.get('/api/workflows').set('Authorization', bearer(cast.clerk)))
        .body as Array<{ key: string }>;
      expect(list.map((row) => row.key)).toEqual(
        expect.arrayContaining(['appointment', 'appointment-state', 'rotation', 'resignation']),
      );
      for (const { key } of list) {
        const document = await getDefinition(key);
        const resent = clone(document);
        delete resent['version'];
        // The same content is the latest version: 200, nothing new (issue 16).
        await publish(resent).expect(200, { key, version: document['version'] });
        const title = document['title'] as { vi: string; en: string };
        const changed = { ...resent, title: { ...title, vi: `${title.vi} (bản thử)` } };
        const published = await publish(changed).expect(201);
        const version = (published.body as { version: number }).version;
        expect(version).toBe((document['version'] as number) + 1);
        expect(await getDefinition(`${key}/versions/${version}`)).toEqual({
          ...changed,
          version,
        });
      }
    });

    it('answers 404 for an unknown workflow or version', async () => {
      await t.http
        .get('/api/workflows/nope/versions')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
      await t.http
        .get('/api/workflows/appointment/versions/999')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });
  });

  describe('dry runs', () => {
    it('validate: the diagnostics without publishing', async () => {
      const ok = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', bearer(admin()))
        .send(smallDefinition('leave-dry'))
        .expect(200);
      expect(ok.body).toEqual({ valid: true, problems: [], version: 1 });
      // It says which version a definition would become, and refuses one that exists.
      const latest = await getDefinition('appointment');
      const named = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', bearer(admin()))
        .send(latest)
        .expect(200);
      expect(named.body).toMatchObject({
        valid: false,
        version: null,
        problems: [{ code: 'VERSION_PUBLISHED', path: 'version' }],
      });
      const next = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', bearer(admin()))
        .send({ ...latest, version: undefined })
        .expect(200);
      expect(next.body).toEqual({
        valid: true,
        problems: [],
        version: (latest['version'] as number) + 1,
      });
      const draft = smallDefinition('leave-dry');
      (draft['states'] as Json)['archived'] = { type: 'final' };
      const bad = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', bearer(admin()))
        .send(draft)
        .expect(200);
      expect(bad.body).toMatchObject({
        valid: false,
        version: null,
        problems: [expect.objectContaining({ code: 'UNREACHABLE_STATE', state: 'archived' })],
      });
      await t.http
        .get('/api/workflows/leave-dry')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });

    it('simulate: walks a draft through events, step by step, and stores nothing', async () => {
      const draft = clone(await getDefinition('appointment'));
      delete draft['version'];
      const casesBefore = (
        await t.http.get('/api/cases?limit=200').set('Authorization', bearer(cast.auditor))
      ).body as { items: unknown[] };
      const versionsBefore = await versionsOf('appointment');

      const response = await t.http
        .post('/api/workflows/simulate')
        .set('Authorization', bearer(admin()))
        .send({
          definition: draft,
          subject,
          start: '2026-03-02T03:00:00.000Z',
          events: [
            { type: 'SUBMIT', roles: ['clerk'], payload: policy },
            { type: 'APPROVE', roles: ['clerk'] },
            { type: 'APPROVE', roles: ['authority'], at: '2026-03-05T03:00:00.000Z' },
            { type: 'SUBMIT', roles: ['clerk'], payload: { eligible: ['cw'] } },
            { type: 'SUBMIT', roles: ['clerk'], payload: { eligible: ['c1'] } },
          ],
        })
        .expect(200);
      const report = response.body as {
        steps: Array<Json>;
        final: Json;
        accepted: number;
        refused: number;
      };
      expect(report.steps.map((step) => [step['event'], step['accepted'], step['state']])).toEqual([
        ['CREATE', true, 'proposal.policy'],
        ['SUBMIT', true, 'proposal.policyReview'],
        ['APPROVE', false, 'proposal.policyReview'],
        ['APPROVE', true, 'proposal.eligibility'],
        ['SUBMIT', false, 'proposal.eligibility'],
        ['SUBMIT', true, 'proposal.nomination'],
      ]);
      expect(report.steps[2]).toMatchObject({ code: 'FORBIDDEN' });
      // The latest appointment (by now the 48-month profile published above) refuses the warned
      // candidate, with the rule's reason.
      expect(report.steps[4]).toMatchObject({
        code: 'RULE_NOT_SATISFIED',
        details: { rule: 'eligibility' },
      });
      expect(report.steps[4]?.['reason']).toMatch(/48-month wait/);
      expect(report.steps[3]).toMatchObject({
        at: '2026-03-05T03:00:00.000Z',
        effects: expect.arrayContaining([
          expect.objectContaining({ type: 'scheduleDeadline', name: 'completion' }),
        ]),
      });
      expect(report.steps[5]?.['outcome']).toMatchObject({ rules: [{ rule: 'eligibility' }] });
      expect(report).toMatchObject({
        accepted: 4,
        refused: 2,
        final: { state: 'proposal.nomination', status: 'active', facts: { eligible: ['c1'] } },
      });

      const casesAfter = (
        await t.http.get('/api/cases?limit=200').set('Authorization', bearer(cast.auditor))
      ).body as { items: unknown[] };
      expect(casesAfter.items).toHaveLength(casesBefore.items.length);
      expect(await versionsOf('appointment')).toEqual(versionsBefore);
    });

    it('simulate: refuses an invalid draft and a malformed request with 400', async () => {
      const draft = smallDefinition('leave-sim');
      (draft['states'] as Json)['archived'] = { type: 'final' };
      const invalid = await t.http
        .post('/api/workflows/simulate')
        .set('Authorization', bearer(admin()))
        .send({ definition: draft, subject: {}, events: [] })
        .expect(400);
      expect((invalid.body as ErrorBody).code).toBe('DEFINITION_INVALID');
      const malformed = await t.http
        .post('/api/workflows/simulate')
        .set('Authorization', bearer(admin()))
        .send({
          definition: smallDefinition('leave-sim'),
          subject: {},
          events: [{ type: 'SUBMIT' }],
        })
        .expect(400);
      expect(malformed.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(malformed.body)).toContain('events[0].roles');
    });

    it('simulate: reports a subject the draft refuses as a case that did not open', async () => {
      const response = await t.http
        .post('/api/workflows/simulate')
        .set('Authorization', bearer(admin()))
        .send({ definition: await getDefinition('appointment'), subject: {}, events: [] })
        .expect(200);
      expect(response.body).toMatchObject({
        steps: [{ event: 'CREATE', accepted: false, code: 'VALIDATION_FAILED' }],
        final: { status: 'notOpened' },
      });
    });
  });

  describe('diagrams', () => {
    it('gives the Mermaid stateDiagram-v2 of a workflow, latest or a named version', async () => {
      const response = await t.http
        .get('/api/workflows/appointment/diagram?format=mermaid')
        .set('Authorization', bearer(cast.clerk))
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.text.startsWith('stateDiagram-v2\n')).toBe(true);
      expect(response.text).toContain('state "proposal.policy" as proposal__policy');
      expect(response.text).toContain('ISSUE_DECISION (authority)');
      const first = await t.http
        .get('/api/workflows/appointment/diagram?version=1')
        .set('Authorization', bearer(cast.clerk))
        .expect(200);
      expect(first.text).toContain('QĐ 80-QĐ/TW (2022)');
    });

    it('gives a well-formed SVG with every state', async () => {
      const response = await t.http
        .get('/api/workflows/appointment-state/diagram?format=svg')
        .set('Authorization', bearer(cast.clerk))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
      const svg = response.body as string;
      expect(XMLValidator.validate(svg)).toBe(true);
      const document = await getDefinition('appointment-state');
      const ids: string[] = [];
      const collect = (states: Json, prefix: string) => {
        for (const [key, state] of Object.entries(states)) {
          const id = prefix ? `${prefix}.${key}` : key;
          ids.push(id);
          const children = (state as Json)['states'];
          if (children) collect(children as Json, id);
        }
      };
      collect(document['states'] as Json, '');
      expect(ids.length).toBeGreaterThan(15);
      for (const id of ids) expect(svg).toContain(`data-state="${id}"`);
    });

    it('escapes hostile titles in the SVG and the Mermaid text', async () => {
      const hostile = smallDefinition('leave-hostile');
      ((hostile['states'] as Json)['review'] as Json)['title'] = {
        vi: '</text><script>alert(1)</script>',
        en: '"]; click review call evil()',
      };
      await publish(hostile).expect(201);
      const svg = await t.http
        .get('/api/workflows/leave-hostile/diagram?format=svg')
        .set('Authorization', bearer(cast.clerk))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      const text = svg.body as string;
      expect(XMLValidator.validate(text)).toBe(true);
      expect(text).not.toContain('<script');
      expect(text).toContain('&lt;/text&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
      const mermaid = await t.http
        .get('/api/workflows/leave-hostile/diagram')
        .set('Authorization', bearer(cast.clerk))
        .expect(200);
      expect(mermaid.text).not.toContain('<script');
      expect(mermaid.text.split('\n').filter((line) => line.includes('alert'))).toHaveLength(1);
    });

    it('highlights the path a case took and where it is now', async () => {
      const opened = await openCase('appointment');
      await sendEvent(t, cast.clerk, opened.id, { type: 'SUBMIT', payload: policy }).expect(200);
      const mermaid = await t.http
        .get(`/api/cases/${opened.id}/diagram?format=mermaid`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200);
      expect(mermaid.text).toContain('class proposal,proposal__policy visited');
      expect(mermaid.text).toContain('class proposal__policyReview current');
      const svg = await t.http
        .get(`/api/cases/${opened.id}/diagram?format=svg`)
        .set('Authorization', bearer(cast.auditor))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      const text = svg.body as string;
      expect(XMLValidator.validate(text)).toBe(true);
      expect(text).toContain('class="state current" data-state="proposal.policyReview"');
      expect(text).toContain('class="state visited" data-state="proposal.policy"');
      expect(text).toMatch(
        /class="transition taken" data-event="SUBMIT" data-from="proposal.policy"/,
      );
    });

    it('refuses an unknown format (400), an unknown case or workflow (404)', async () => {
      const bad = await t.http
        .get('/api/workflows/appointment/diagram?format=png')
        .set('Authorization', bearer(cast.clerk))
        .expect(400);
      expect((bad.body as ErrorBody).code).toBe('VALIDATION_FAILED');
      await t.http
        .get('/api/workflows/appointment/diagram?version=abc')
        .set('Authorization', bearer(cast.clerk))
        .expect(400);
      await t.http
        .get('/api/workflows/appointment/diagram?version=99')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
      await t.http
        .get('/api/workflows/nope/diagram')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
      await t.http
        .get('/api/cases/00000000-0000-4000-8000-000000000000/diagram')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });
  });

  describe('built-in $defs (formatVersion 2)', () => {
    const openOn = (workflow: string, cadreFacts: Json) =>
      t.http
        .post('/api/cases')
        .set('Authorization', bearer(cast.clerk))
        .send({ workflow, subject: { cadre: cadreFacts } });
    let hash: string;

    it('publishes the resolved, self-contained document, hashed as GET returns it', async () => {
      await publish(withBuiltinDefs('leave-with-cadre')).expect(201);
      const stored = await getDefinition('leave-with-cadre');
      expect(JSON.stringify(stored)).not.toContain('cadreflow:');
      expect(Object.keys(stored['$defs'] as Json)).toEqual([
        'cadre',
        'discipline',
        'freeze',
        'reason',
      ]);
      expect(stored['subject']).toMatchObject({
        properties: { cadre: { $ref: '#/$defs/cadre' } },
      });
      const [row] = await versionsOf('leave-with-cadre');
      hash = hashOf(stored);
      expect(row?.contentHash).toBe(hash);
    });

    it('checks cases against the resolved schemas, and loads with the same hash after a restart', async () => {
      const refused = await openOn('leave-with-cadre', cadre({ gender: 'unknown' })).expect(400);
      expect((refused.body as ErrorBody).code).toBe('VALIDATION_FAILED');
      await t.app.close();
      t = await start(store, adminToken);
      await openOn('leave-with-cadre', cadre()).expect(201);
      expect((await versionsOf('leave-with-cadre'))[0]?.contentHash).toBe(hash);
      expect(hashOf(await getDefinition('leave-with-cadre'))).toBe(hash);
    });

    it('refuses an unknown built-in with a located problem, and publishes nothing', async () => {
      const draft = withBuiltinDefs('leave-unknown-def');
      const review = (draft['states'] as Json)['review'] as Json;
      ((review['on'] as Json)['REJECT'] as Json)['payload'] = { $ref: 'cadreflow:defs/excuse' };
      const response = await publish(draft).expect(400);
      expect((response.body as ErrorBody).code).toBe('DEFINITION_INVALID');
      expect((response.body as ErrorBody).details?.problems).toEqual([
        expect.objectContaining({
          code: 'UNKNOWN_DEF',
          path: 'states.review.on.REJECT.payload.$ref',
          state: 'review',
          event: 'REJECT',
        }),
      ]);
      await t.http
        .get('/api/workflows/leave-unknown-def')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
    });

    it('keeps every built-in v1 hash-identical to its file', async () => {
      for (const key of ['appointment', 'appointment-state', 'resignation', 'rotation']) {
        const [first] = await versionsOf(key);
        expect(first).toMatchObject({ version: 1, source: 'builtin' });
        expect(first?.contentHash).toBe(hashOf(builtinDocument(key, 1)));
        expect(await getDefinition(`${key}/versions/1`)).toEqual(builtinDocument(key, 1));
      }
    });
  });
});
