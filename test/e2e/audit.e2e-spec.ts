import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { seedHistory } from '../../scripts/lib/seed-history.js';
import { EXPORT_BATCH_SIZE } from '../../src/service/audit/audit.service.js';
import { verifyExportLines } from '../../src/service/audit/export-verifier.js';
import { HistoryEntryEntity } from '../../src/service/history/history-entry.entity.js';
import { runVerifyCli } from '../../src/service/audit/verify-cli.js';
import { partial } from '../../src/service/database/insert-row.js';
import {
  dataSourceOf,
  dropHistoryTriggers,
  expectedRoot,
  parseCsv,
  recomputeHash,
  withManager,
} from '../support/audit-support.js';
import {
  appointmentSubject,
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import {
  databasesUnderTest,
  startTestApp,
  type TestApp,
  type TestPrincipal,
} from '../support/test-app.js';

interface Entry {
  seq: number;
  caseId: string;
  at: string;
  event: string;
  from: string | null;
  to: string;
  actorId: string;
  roles: string[];
  payload: Record<string, unknown>;
  comment: string | null;
  outcome: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

interface Page {
  items: Entry[];
  nextCursor: string | null;
}

interface Digest {
  at: string;
  cases: number;
  heads: Array<{ caseId: string; seq: number; head: string }>;
  root: string;
}

const COMMENT = 'Đồng ý, theo "Quy định 80"\r\nđã ký';

/** Walks an appointment to `appointed`, one hour per step, with one comment that CSV must quote. */
async function finishedAppointment(t: TestApp, cast: Cast, clock: TestClock): Promise<string> {
  const opened = await openAppointment(t, cast.clerk);
  for (const [index, step] of appointmentWalk(cast).entries()) {
    clock.set(new Date(clock.now().getTime() + 3_600_000).toISOString());
    const response = await sendEvent(t, step.by, opened.id, {
      type: step.type,
      payload: step.payload,
      ...(index === 1 ? { comment: COMMENT } : {}),
    });
    expect(response.status).toBe(200);
  }
  return opened.id;
}

function ndjsonLines(text: string): Entry[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Entry);
}

const linesOf = (text: string) => Readable.from(text.split('\n'));

describe.each(databasesUnderTest())('audit over HTTP on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  let clock: TestClock;
  let admin: TestPrincipal;
  let finished: string;
  let active: CaseBody;

  const get = (path: string, as: { token: string } = cast.auditor) =>
    t.http.get(path).set('Authorization', bearer(as));
  const allPages = async (query: string, limit: number): Promise<Entry[]> => {
    const items: Entry[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = (
        await get(`/api/audit/transitions?${query}&limit=${limit}${suffix}`).expect(200)
      ).body as Page;
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  };

  beforeAll(async () => {
    clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
    admin = { id: '', name: 'admin', roles: ['admin'], token: t.adminToken };
    finished = await finishedAppointment(t, cast, clock);
    clock.set('2026-03-05T02:00:00.000Z');
    active = await openAppointment(t, cast.clerk2);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  describe('the append-only triggers', () => {
    const refused = /append-only/;

    it('refuse an UPDATE of a history entry', async () => {
      await expect(
        withManager(t, (m) =>
          m
            .createQueryBuilder()
            .update(HistoryEntryEntity)
            .set({ comment: 'rewritten' })
            .where('case_id = :id AND seq = 2', { id: finished })
            .execute(),
        ),
      ).rejects.toThrow(refused);
    });

    it('refuse a DELETE of a history entry', async () => {
      await expect(
        withManager(t, (m) =>
          m
            .createQueryBuilder()
            .delete()
            .from(HistoryEntryEntity)
            .where('case_id = :id', { id: finished })
            .execute(),
        ),
      ).rejects.toThrow(refused);
    });

    if (database === 'postgres') {
      it('refuse a TRUNCATE of the history', async () => {
        await expect(withManager(t, (m) => m.query('TRUNCATE "history_entry"'))).rejects.toThrow(
          refused,
        );
      });
    }

    it('left the chain as it was', async () => {
      const verify = await get(`/api/cases/${finished}/verify`).expect(200);
      expect(verify.body).toMatchObject({ valid: true, entries: appointmentWalk(cast).length + 1 });
    });
  });

  describe('authorization', () => {
    it('lets an auditor read every case, history, verification, export and digest', async () => {
      const list = await get('/api/cases?limit=200').expect(200);
      expect((list.body as { items: CaseBody[] }).items.map((c) => c.id)).toEqual(
        expect.arrayContaining([finished, active.id]),
      );
      await get(`/api/cases/${active.id}`).expect(200);
      await get(`/api/cases/${finished}/history`).expect(200);
      await get(`/api/cases/${finished}/verify`).expect(200);
      await get('/api/audit/transitions').expect(200);
      await get('/api/audit/transitions?format=ndjson').expect(200);
      await get('/api/audit/transitions?format=csv').expect(200);
      const digest = await get('/api/audit/digest').expect(200);
      await t.http
        .post('/api/audit/digest/verify')
        .set('Authorization', bearer(cast.auditor))
        .send(digest.body as Digest)
        .expect(200);
    });

    it('refuses an auditor every write: event, case, workflow, principal (403, nothing changed)', async () => {
      const before = (await get(`/api/cases/${active.id}`).expect(200)).body as CaseBody;
      const event = await sendEvent(t, cast.auditor, active.id, {
        type: 'SUBMIT',
        payload: { headcount: 1, source: 'internal', duties: 'x' },
      });
      expect(event.status).toBe(403);
      expect((event.body as { code: string }).code).toBe('FORBIDDEN');
      const writes = [
        t.http.post('/api/cases').send({ workflow: 'appointment', subject: appointmentSubject() }),
        t.http.post('/api/workflows').send({ key: 'x', version: 1 }),
        t.http.post('/api/principals').send({ name: 'someone', roles: ['admin'] }),
      ];
      for (const write of writes) {
        const response = await write.set('Authorization', bearer(cast.auditor));
        expect(response.status).toBe(403);
        expect((response.body as { code: string }).code).toBe('FORBIDDEN');
      }
      const after = (await get(`/api/cases/${active.id}`).expect(200)).body as CaseBody;
      expect(after.revision).toBe(before.revision);
    });

    it('keeps the audit routes from every other role, and lets an admin in', async () => {
      for (const who of [cast.clerk, cast.authority, cast.head, cast.board]) {
        for (const path of ['/api/audit/transitions', '/api/audit/digest']) {
          const response = await get(path, who);
          expect(response.status).toBe(403);
        }
        const post = await t.http
          .post('/api/audit/digest/verify')
          .set('Authorization', bearer(who))
          .send({});
        expect(post.status).toBe(403);
      }
      await get('/api/audit/transitions', admin).expect(200);
      await get('/api/audit/digest', admin).expect(200);
      await t.http.get('/api/audit/transitions').expect(401);
    });
  });

  describe('GET /api/audit/transitions', () => {
    it('pages every entry oldest first with a keyset cursor, the pages adding up to the whole', async () => {
      const everything = (await get('/api/audit/transitions?limit=1000').expect(200)).body as Page;
      expect(everything.nextCursor).toBeNull();
      const walkLength = appointmentWalk(cast).length + 1;
      expect(everything.items).toHaveLength(walkLength + 1);
      const keys = everything.items.map((e) => `${e.at}|${e.caseId}|${e.seq}`);
      expect([...keys].sort()).toEqual(keys);
      for (const entry of everything.items) expect(recomputeHash({ ...entry })).toBe(entry.hash);
      expect(await allPages('', 5)).toEqual(everything.items);
      expect(await allPages('', 1)).toEqual(everything.items);
    });

    it('filters by workflow, actor, event and a half-open time window', async () => {
      const all = await allPages('', 100);
      const byClerk = await allPages(`actor=${cast.clerk.id}`, 4);
      expect(byClerk).toEqual(all.filter((e) => e.actorId === cast.clerk.id));
      expect(byClerk.length).toBeGreaterThan(3);
      const approvals = await allPages('event=APPROVE', 2);
      expect(approvals.map((e) => e.event)).toEqual(['APPROVE', 'APPROVE', 'APPROVE']);
      expect(await allPages('workflow=appointment', 50)).toEqual(all);
      expect(await allPages('workflow=rotation', 50)).toEqual([]);

      // from is inclusive, to exclusive; an offset is honoured (09:00+07:00 is 02:00Z).
      const window = await allPages(
        `from=${encodeURIComponent('2026-03-02T09:00:00+07:00')}&to=${encodeURIComponent('2026-03-02T06:00:00Z')}`,
        3,
      );
      expect(window.map((e) => e.at)).toEqual([
        '2026-03-02T02:00:00.000Z',
        '2026-03-02T03:00:00.000Z',
        '2026-03-02T04:00:00.000Z',
        '2026-03-02T05:00:00.000Z',
      ]);
      const combined = await allPages(
        `event=RECORD_VOTE&actor=${cast.clerk.id}&from=2026-03-02T06:00:00Z`,
        2,
      );
      expect(combined).toEqual(
        all.filter(
          (e) =>
            e.event === 'RECORD_VOTE' &&
            e.actorId === cast.clerk.id &&
            e.at >= '2026-03-02T06:00:00.000Z',
        ),
      );
    });

    it.each([
      ['from=2026-02-30T00:00:00Z', 'from'],
      ['from=2026-03-01', 'from'],
      ['to=yesterday', 'to'],
      ['to=2026-03-01T10:00:00', 'to'],
      ['format=xml', 'format'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['cursor=not-a-cursor', 'cursor'],
      ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'from'],
      ['colour=red', 'colour'],
    ])('answers 400 VALIDATION_FAILED to %s', async (query, path) => {
      const response = await get(`/api/audit/transitions?${query}`);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      const errors = (response.body as { details: { errors: Array<{ path: string }> } }).details
        .errors;
      expect(errors.map((e) => e.path)).toContain(path);
    });
  });

  describe('exports', () => {
    it('streams the whole selection as NDJSON, ignoring limit and cursor, that verifies offline', async () => {
      const page = (await get('/api/audit/transitions?limit=1').expect(200)).body as Page;
      const response = await get(
        `/api/audit/transitions?format=ndjson&limit=1&cursor=${page.nextCursor}`,
      ).expect(200);
      expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(
        /^attachment; filename="cadreflow-transitions-\d{8}T\d{6}Z\.ndjson"$/,
      );
      const entries = ndjsonLines(response.text);
      expect(entries).toEqual(await allPages('', 1000));
      const verification = await verifyExportLines(linesOf(response.text));
      expect(verification.valid).toBe(true);
      expect(verification.cases).toHaveLength(2);
      expect(verification.entries).toBe(entries.length);
    });

    it('streams CSV per RFC 4180: header row, quoted fields, JSON columns as JSON text', async () => {
      const response = await get(`/api/audit/transitions?format=csv&actor=${cast.authority.id}`)
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => done(null, text));
        })
        .expect(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(response.headers['content-disposition']).toMatch(
        /filename="cadreflow-transitions-.*\.csv"/,
      );
      const rows = parseCsv(response.body as string);
      expect(rows[0]).toEqual([
        'seq',
        'caseId',
        'at',
        'event',
        'from',
        'to',
        'actorId',
        'roles',
        'payload',
        'comment',
        'outcome',
        'prevHash',
        'hash',
      ]);
      const expected = await allPages(`actor=${cast.authority.id}`, 100);
      expect(rows).toHaveLength(expected.length + 1);
      expect(rows.slice(1).map((row) => row[9])).toContain(COMMENT);
      for (const [index, row] of rows.slice(1).entries()) {
        const [
          seq,
          caseId,
          at,
          event,
          from,
          to,
          actorId,
          roles,
          payload,
          comment,
          outcome,
          prevHash,
          hash,
        ] = row;
        const entry = {
          seq: Number(seq),
          caseId,
          at,
          event,
          from: from === '' ? null : from,
          to,
          actorId,
          roles: JSON.parse(roles as string) as unknown,
          payload: JSON.parse(payload as string) as unknown,
          comment: comment === '' ? null : comment,
          outcome: JSON.parse(outcome as string) as unknown,
          prevHash,
          hash,
        };
        expect(entry).toEqual(expected[index]);
        expect(recomputeHash(entry)).toBe(hash);
      }
    });

    it(`streams a selection larger than one batch (${EXPORT_BATCH_SIZE} rows) in order`, async () => {
      const actorId = '00000000-0000-4000-8000-00000000beef';
      const seeded = await seedHistory(dataSourceOf(t), {
        cases: 55,
        entriesPerCase: 20,
        actorId,
        start: new Date('2025-01-01T00:00:00.000Z'),
      });
      const response = await get(`/api/audit/transitions?format=ndjson&actor=${actorId}`).expect(
        200,
      );
      const entries = ndjsonLines(response.text);
      expect(entries).toHaveLength(seeded.entries);
      const keys = entries.map((e) => `${e.at}|${e.caseId}|${String(e.seq).padStart(3, '0')}`);
      expect([...keys].sort()).toEqual(keys);
      const verification = await verifyExportLines(linesOf(response.text));
      expect(verification).toMatchObject({ valid: true, entries: seeded.entries });
      expect(verification.cases).toHaveLength(seeded.caseIds.length);
      expect(await allPages(`actor=${actorId}`, 1000)).toEqual(entries);
    }, 20_000);
  });

  describe('chain-head digests', () => {
    it('takes every head with a Merkle root that recomputes by the documented construction', async () => {
      const digest = (await get('/api/audit/digest').expect(200)).body as Digest;
      const list = await allPages('', 1000);
      const caseIds = [...new Set(list.map((e) => e.caseId))];
      expect(digest.cases).toBe(caseIds.length);
      expect(digest.heads.map((h) => h.caseId)).toEqual([...caseIds].sort());
      for (const head of digest.heads) {
        const last = list.filter((e) => e.caseId === head.caseId).at(-1) as Entry;
        expect(head).toEqual({ caseId: head.caseId, seq: last.seq, head: last.hash });
      }
      expect(digest.root).toBe(expectedRoot(digest.heads));
      expect(Date.parse(digest.at)).not.toBeNaN();
    });

    it('verifies an earlier digest after the chains grew, and finds an altered digest', async () => {
      const digest = (await get('/api/audit/digest').expect(200)).body as Digest;
      clock.set('2026-03-06T02:00:00.000Z');
      const step = appointmentWalk(cast)[0] as ReturnType<typeof appointmentWalk>[number];
      await sendEvent(t, cast.clerk2, active.id, { type: step.type, payload: step.payload }).expect(
        200,
      );
      const post = (body: unknown) =>
        t.http
          .post('/api/audit/digest/verify')
          .set('Authorization', bearer(cast.auditor))
          .send(body as object);
      const ok = await post(digest).expect(200);
      expect(ok.body).toEqual({ valid: true, checked: digest.cases, signed: true, problems: [] });

      const target = digest.heads.find((h) => h.caseId === finished) as Digest['heads'][number];
      const altered = {
        ...digest,
        heads: digest.heads.map((h) => (h === target ? { ...h, head: 'f'.repeat(64) } : h)),
      };
      const bad = await post(altered).expect(200);
      expect(bad.body).toMatchObject({ valid: false, checked: digest.cases });
      const codes = (bad.body as { problems: Array<{ code: string; caseId?: string }> }).problems;
      expect(codes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'ROOT_MISMATCH' }),
          expect.objectContaining({ code: 'HEAD_CHANGED', caseId: finished }),
        ]),
      );
      const unknownCase = {
        ...digest,
        heads: [
          ...digest.heads,
          { caseId: '00000000-0000-4000-8000-000000000000', seq: 1, head: '0'.repeat(64) },
        ],
      };
      const missing = (await post(unknownCase).expect(200)).body as {
        problems: Array<{ code: string }>;
      };
      expect(missing.problems.map((p) => p.code).sort()).toEqual([
        'CASE_MISSING',
        'COUNT_MISMATCH',
        'ROOT_MISMATCH',
      ]);
      const beyond = {
        ...digest,
        heads: digest.heads.map((h) => (h === target ? { ...h, seq: h.seq + 5 } : h)),
      };
      const ahead = (await post(beyond).expect(200)).body as { problems: Array<{ code: string }> };
      expect(ahead.problems.map((p) => p.code)).toContain('ENTRY_MISSING');
    }, 20_000);

    it.each([
      [{}, 'at'],
      [
        { at: 'x', cases: 1, heads: [{ caseId: 'a', seq: 0, head: 'z' }], root: '0'.repeat(64) },
        'heads[0].seq',
      ],
      [{ at: 'x', cases: 0, heads: [], root: 'nope' }, 'root'],
    ])('answers 400 to a body that is not a digest (%#)', async (body, path) => {
      const response = await t.http
        .post('/api/audit/digest/verify')
        .set('Authorization', bearer(cast.auditor))
        .send(body);
      expect(response.status).toBe(400);
      const errors = (response.body as { details: { errors: Array<{ path: string }> } }).details
        .errors;
      expect(errors.map((e) => e.path)).toContain(path);
    });
  });
});

describe.each(databasesUnderTest())('tampering with the triggers dropped on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  let caseId: string;
  let openCase: string;
  let dir: string;

  beforeAll(async () => {
    const clock = new TestClock(new Date('2026-03-02T02:00:00.000Z'));
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
    caseId = await finishedAppointment(t, cast, clock);
    openCase = (await openAppointment(t, cast.clerk)).id;
    dir = await mkdtemp(join(tmpdir(), 'cadreflow-audit-'));
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string) => t.http.get(path).set('Authorization', bearer(cast.auditor));
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const code = await runVerifyCli(
      args,
      (line) => out.push(line),
      (line) => out.push(line),
    );
    return { code, out: out.join('\n') };
  };

  it('is caught by verify, by an earlier digest, and by the offline verifier', async () => {
    const digest = (await get('/api/audit/digest').expect(200)).body as Digest;
    const cleanExport = (await get('/api/audit/transitions?format=ndjson').expect(200)).text;
    await writeFile(join(dir, 'clean.ndjson'), cleanExport);
    await writeFile(join(dir, 'digest.json'), JSON.stringify(digest));
    const clean = await cli([join(dir, 'clean.ndjson'), '--digest', join(dir, 'digest.json')]);
    expect(clean.code).toBe(0);
    expect(clean.out).toMatch(/RESULT: VALID$/);

    await dropHistoryTriggers(t);
    await withManager(t, (m) =>
      m
        .createQueryBuilder()
        .update(HistoryEntryEntity)
        .set(partial<HistoryEntryEntity>({ payload: { eligible: ['c1', 'c2', 'c3'] } }))
        .where('case_id = :caseId AND seq = 3', { caseId })
        .execute(),
    );

    const verify = await get(`/api/cases/${caseId}/verify`).expect(200);
    expect(verify.body).toEqual({
      valid: false,
      brokenAt: 3,
      reason: expect.stringMatching(/entry 3/) as unknown as string,
    });

    const checked = await t.http
      .post('/api/audit/digest/verify')
      .set('Authorization', bearer(cast.auditor))
      .send(digest)
      .expect(200);
    expect(checked.body).toEqual({
      valid: false,
      checked: 2,
      signed: true,
      problems: [expect.objectContaining({ code: 'CHAIN_BROKEN', caseId, seq: 3 })],
    });

    const tampered = (await get('/api/audit/transitions?format=ndjson').expect(200)).text;
    await writeFile(join(dir, 'tampered.ndjson'), tampered);
    const offline = await verifyExportLines(Readable.from(tampered.split('\n')));
    expect(offline.valid).toBe(false);
    expect(offline.cases.filter((c) => !c.valid)).toEqual([
      expect.objectContaining({ caseId, brokenAt: 3 }),
    ]);
    const run = await cli([join(dir, 'tampered.ndjson'), '--digest', join(dir, 'digest.json')]);
    expect(run.code).toBe(1);
    expect(run.out).toContain(`BROKEN  ${caseId}  at entry 3`);
    expect(run.out).toContain('CHAIN_BROKEN');
    expect(run.out).toMatch(/RESULT: INVALID$/);
  });

  it('catches a deleted last entry too', async () => {
    await withManager(t, (m) =>
      m
        .createQueryBuilder()
        .delete()
        .from(HistoryEntryEntity)
        .where('case_id = :openCase AND seq = 1', { openCase })
        .execute(),
    );
    const verify = await get(`/api/cases/${openCase}/verify`).expect(200);
    expect(verify.body).toEqual({
      valid: false,
      brokenAt: 1,
      reason: expect.stringMatching(/revision 1/) as unknown as string,
    });
  });
});
