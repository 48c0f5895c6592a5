/**
 * Issue 11, "admin actions are history too": principals created and revoked, definitions
 * published, calendar years uploaded, each one entry of an append-only hash-chained system log.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { VIETNAM_CALENDAR_DATA } from '../../src/engine/calendar/vietnam-calendar-data.js';
import { withManager } from '../support/audit-support.js';
import { bearer } from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

interface SystemEntry {
  seq: number;
  at: string;
  actorId: string;
  action: string;
  target: string;
  payload: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

interface SystemPage {
  items: SystemEntry[];
  nextCursor: string | null;
}

function leaveDefinition(key: string) {
  return {
    key,
    title: { vi: 'Xin nghỉ phép', en: 'Leave request' },
    regulation: 'Nội quy cơ quan (2026)',
    initial: 'draft',
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], target: 'done' } } },
      done: { type: 'final' },
    },
  };
}

describe.each(databasesUnderTest())('the system log on %s', (database) => {
  let t: TestApp;
  let adminId: string;
  let auditorToken: string;

  const admin = () => ({ token: t.adminToken });
  const log = async (): Promise<SystemEntry[]> => {
    const items: SystemEntry[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = (
        await t.http
          .get(`/api/audit/system?limit=3${suffix}`)
          .set('Authorization', `Bearer ${auditorToken}`)
          .expect(200)
      ).body as SystemPage;
      expect(page.items.length).toBeLessThanOrEqual(3);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  };
  const verify = async () =>
    (
      await t.http
        .get('/api/audit/system/verify')
        .set('Authorization', `Bearer ${auditorToken}`)
        .expect(200)
    ).body as { valid: boolean; entries?: number; brokenAt?: number };

  beforeAll(async () => {
    t = await startTestApp({ database });
    const principals = (
      await t.http.get('/api/principals').set('Authorization', bearer(admin())).expect(200)
    ).body as Array<{ id: string; name: string }>;
    adminId = (principals.find((p) => p.name === 'admin') as { id: string }).id;
    auditorToken = (await t.createPrincipal(['auditor'], 'system log auditor')).token;
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('records the start: the bootstrap admin and every built-in workflow, by `system`', async () => {
    const entries = await log();
    const boot = entries.filter((e) => e.actorId === 'system');
    // Fourteen built-in versions: four v1 profiles and the QĐ 377 v2 of appointment,
    // appointment-state and resignation; the lifecycle procedures of issue 15 (dismissal v1 and
    // v2, dismissal-state, transfer, appointment-external, reappointment, reappointment-state).
    expect(boot.map((e) => e.action).sort()).toEqual([
      'principal.create',
      ...Array<string>(14).fill('workflow.publish'),
    ]);
    expect(boot.find((e) => e.action === 'principal.create')).toMatchObject({
      target: adminId,
      payload: { name: 'admin', roles: ['admin'] },
    });
    const published = boot.filter((e) => e.action === 'workflow.publish');
    for (const entry of published) {
      expect(entry.payload).toMatchObject({ source: 'builtin' });
      expect(entry.target).toBe(
        `${entry.payload.key as string}@${entry.payload.version as number}`,
      );
    }
    expect(published.map((e) => e.target).sort()).toEqual([
      'appointment-external@1',
      'appointment-state@1',
      'appointment-state@2',
      'appointment@1',
      'appointment@2',
      'dismissal-state@1',
      'dismissal@1',
      'dismissal@2',
      'reappointment-state@1',
      'reappointment@1',
      'resignation@1',
      'resignation@2',
      'rotation@1',
      'transfer@1',
    ]);
  });

  it('records each admin action once, with its actor, and never a token', async () => {
    const before = (await log()).length;
    const created = await t.createPrincipal(['clerk'], 'Nguyễn Văn A');
    await t.http
      .delete(`/api/principals/${created.id}`)
      .set('Authorization', bearer(admin()))
      .expect(204);
    // Revoking again changes nothing, so it records nothing.
    await t.http
      .delete(`/api/principals/${created.id}`)
      .set('Authorization', bearer(admin()))
      .expect(204);
    await t.http
      .post('/api/workflows')
      .set('Authorization', bearer(admin()))
      .send(leaveDefinition('leave-log'))
      .expect(201);
    // A refused action records nothing.
    await t.http
      .post('/api/workflows')
      .set('Authorization', bearer(admin()))
      .send({ key: 'broken' })
      .expect(400);
    const year = VIETNAM_CALENDAR_DATA.years['2027'];
    await t.http
      .put('/api/calendar/years/2027')
      .set('Authorization', bearer(admin()))
      .send(year)
      .expect(200);

    const entries = await log();
    const added = entries.slice(before);
    expect(added.map((e) => [e.action, e.actorId, e.target])).toEqual([
      ['principal.create', adminId, created.id],
      ['principal.revoke', adminId, created.id],
      ['workflow.publish', adminId, 'leave-log@1'],
      ['calendar.year.publish', adminId, '2027'],
    ]);
    expect(added[0]?.payload).toEqual({ name: 'Nguyễn Văn A', roles: ['clerk'] });
    expect(added[2]?.payload).toMatchObject({ key: 'leave-log', version: 1, source: 'api' });
    expect(added[2]?.payload.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(added[3]?.payload).toMatchObject({ year: 2027, version: 1 });
    const text = JSON.stringify(entries);
    expect(text).not.toContain(created.token);
    expect(text).not.toContain(t.adminToken);
    expect(text).not.toContain(auditorToken);
  });

  it('is one chain by the rule of the case history, and verifies', async () => {
    const entries = await log();
    let previous = '0'.repeat(64);
    for (const [index, entry] of entries.entries()) {
      expect(entry.seq).toBe(index + 1);
      expect(entry.prevHash).toBe(previous);
      const { hash, ...body } = entry;
      expect(sha256(previous + canonicalize(body))).toBe(hash);
      previous = hash;
    }
    expect(await verify()).toEqual({ valid: true, entries: entries.length, head: previous });
  });

  it('keeps one unbroken chain under concurrent admin actions', async () => {
    const before = (await log()).length;
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.http
          .post('/api/principals')
          .set('Authorization', bearer(admin()))
          .send({ name: `concurrent ${i}`, roles: ['clerk'] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 8 }, () => 201));
    const entries = await log();
    expect(entries.length).toBe(before + 8);
    const ids = responses.map((r) => (r.body as { id: string }).id).sort();
    expect(
      entries
        .slice(before)
        .map((e) => e.target)
        .sort(),
    ).toEqual(ids);
    expect(await verify()).toMatchObject({ valid: true, entries: entries.length });
  });

  it('answers 400 to a cursor it did not give', async () => {
    const response = await t.http
      .get('/api/audit/system?cursor=WzMwMDAwMDAwMDBd')
      .set('Authorization', `Bearer ${auditorToken}`);
    expect(response.status).toBe(400);
    expect((response.body as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('is for auditors and admins only', async () => {
    const clerk = await t.createPrincipal(['clerk']);
    await t.http.get('/api/audit/system').set('Authorization', bearer(clerk)).expect(403);
    await t.http.get('/api/audit/system/verify').set('Authorization', bearer(clerk)).expect(403);
    await t.http.get('/api/audit/system').expect(401);
    await t.http.get('/api/audit/system').set('Authorization', bearer(admin())).expect(200);
  });

  describe('at the database', () => {
    const refused = /append-only/;

    it('refuses an UPDATE, a DELETE and a replacing INSERT of an entry', async () => {
      const first = (await log())[0] as SystemEntry;
      await expect(
        withManager(t, (m) => m.query(`UPDATE "system_log_entry" SET "target" = 'x'`)),
      ).rejects.toThrow(refused);
      await expect(
        withManager(t, (m) => m.query(`DELETE FROM "system_log_entry"`)),
      ).rejects.toThrow(refused);
      const values = [
        first.seq,
        first.at,
        'someone-else',
        first.action,
        first.target,
        JSON.stringify(first.payload),
        first.prevHash,
        first.hash,
      ];
      if (database === 'postgres') {
        await expect(
          withManager(t, (m) =>
            m.query(
              `INSERT INTO "system_log_entry" VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT ("seq") DO UPDATE SET "actor_id" = EXCLUDED."actor_id"`,
              values,
            ),
          ),
        ).rejects.toThrow(refused);
        await expect(withManager(t, (m) => m.query(`TRUNCATE "system_log_entry"`))).rejects.toThrow(
          refused,
        );
      } else {
        await expect(
          withManager(t, (m) =>
            m.query(
              `INSERT OR REPLACE INTO "system_log_entry" VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
              values,
            ),
          ),
        ).rejects.toThrow(refused);
      }
      expect((await log())[0]).toEqual(first);
      expect((await verify()).valid).toBe(true);
    });

    it('is caught by verify when the triggers are dropped and an entry rewritten', async () => {
      await withManager(t, async (m) => {
        if (database === 'postgres') {
          await m.query(`DROP TRIGGER "system_log_no_change" ON "system_log_entry"`);
        } else {
          await m.query(`DROP TRIGGER "system_log_no_update"`);
        }
        await m.query(`UPDATE "system_log_entry" SET "actor_id" = 'someone-else' WHERE "seq" = 2`);
      });
      expect(await verify()).toMatchObject({ valid: false, brokenAt: 2 });
    });
  });
});
