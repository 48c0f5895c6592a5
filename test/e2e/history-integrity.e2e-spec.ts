/**
 * Issue 11, items 4 and 5: someone with write access to the database tries to rewrite a case's
 * history (SQLite `INSERT OR REPLACE`, PostgreSQL `ON CONFLICT DO UPDATE`) or to move a case
 * without a history entry. The database refuses the first; /verify and the step path catch the
 * second.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { hashEntry, type HistoryEntryView } from '../../src/service/history/chain.js';
import { withManager } from '../support/audit-support.js';
import {
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
  firedFor,
  openLapsing,
  publishLapsingDefinition,
  scheduler,
} from '../support/deadline-fixtures.js';
import { LogCapture } from '../support/log-capture.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

// The tests fire deadlines by calling fireDue themselves: no background poll in these apps.
process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface Verification {
  valid: boolean;
  entries?: number;
  head?: string;
  brokenAt?: number;
  reason?: string;
}

interface CaseRow {
  state: string;
  revision: number;
  head_hash: string;
  snapshot: string;
}

/** `vote.ballot` → `{ vote: 'ballot' }`: the XState value of a dotted state path. */
function stateValueOf(path: string): unknown {
  const [first, ...rest] = path.split('.');
  return rest.length === 0 ? first : { [first as string]: stateValueOf(rest.join('.')) };
}

describe.each(databasesUnderTest())('the history in the database on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const logs = new LogCapture();
  const clock = new TestClock(new Date(vn('2026-03-02T09:00:00')));
  const p = (n: number) => (database === 'postgres' ? `$${n}` : '?');

  const verify = async (caseId: string): Promise<Verification> =>
    (
      await t.http
        .get(`/api/cases/${caseId}/verify`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as Verification;
  const history = async (caseId: string): Promise<HistoryEntryView[]> =>
    (
      await t.http
        .get(`/api/cases/${caseId}/history`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as HistoryEntryView[];
  const caseRow = (caseId: string): Promise<CaseRow> =>
    withManager(t, async (m) => {
      const rows = await m.query<CaseRow[]>(
        `SELECT "state", "revision", "head_hash", "snapshot" FROM "workflow_case" WHERE "id" = ${p(1)}`,
        [caseId],
      );
      return rows[0] as CaseRow;
    });
  const walkTo = async (caseId: string, steps: number): Promise<void> => {
    for (const step of appointmentWalk(cast).slice(0, steps)) {
      clock.set(new Date(clock.now().getTime() + 3_600_000).toISOString());
      await sendEvent(t, step.by, caseId, { type: step.type, payload: step.payload }).expect(200);
    }
  };
  /** The attacker's edit: the case row (and its snapshot) moved to `state`, no history entry. */
  const moveCase = (
    caseId: string,
    change: { state?: string; snapshotState?: string; edit?: (snapshot: Snapshot) => void },
  ) =>
    withManager(t, async (m) => {
      const row = (
        await m.query<CaseRow[]>(`SELECT "snapshot" FROM "workflow_case" WHERE "id" = ${p(1)}`, [
          caseId,
        ])
      )[0] as CaseRow;
      const snapshot = JSON.parse(row.snapshot) as Snapshot;
      if (change.snapshotState !== undefined) snapshot.value = stateValueOf(change.snapshotState);
      change.edit?.(snapshot);
      await m.query(`UPDATE "workflow_case" SET "snapshot" = ${p(1)} WHERE "id" = ${p(2)}`, [
        JSON.stringify(snapshot),
        caseId,
      ]);
      if (change.state !== undefined) {
        await m.query(`UPDATE "workflow_case" SET "state" = ${p(1)} WHERE "id" = ${p(2)}`, [
          change.state,
          caseId,
        ]);
      }
    });

  type Snapshot = {
    value: unknown;
    context: { approvals: Record<string, Array<{ actorId: string; role: string; at: string }>> };
  };

  beforeAll(async () => {
    t = await startTestApp({ database, clock, logger: logs });
    cast = await createCast(t);
    await publishLapsingDefinition(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  describe('a rewrite of history entries (issue 11, item 4)', () => {
    /** Every entry from `seq` on, rewritten with another comment and re-hashed. */
    const rewritten = (entries: HistoryEntryView[], seq: number): HistoryEntryView[] => {
      const out: HistoryEntryView[] = [];
      let prevHash = entries[seq - 2]?.hash ?? '0'.repeat(64);
      for (const entry of entries.slice(seq - 1)) {
        const { hash: _old, ...rest } = entry;
        const unhashed = {
          ...rest,
          prevHash,
          comment:
            entry.seq === seq ? 'rewritten by someone with the database file' : entry.comment,
        };
        const next = { ...unhashed, hash: hashEntry(unhashed) };
        out.push(next);
        prevHash = next.hash;
      }
      return out;
    };
    const columns =
      '"case_id", "seq", "workflow_key", "at", "event", "from_state", "to_state", "actor_id", "roles", "payload", "comment", "outcome", "prev_hash", "hash"';
    const values = (entry: HistoryEntryView) => [
      entry.caseId,
      entry.seq,
      'appointment',
      entry.at,
      entry.event,
      entry.from,
      entry.to,
      entry.actorId,
      JSON.stringify(entry.roles),
      JSON.stringify(entry.payload),
      entry.comment,
      entry.outcome === null ? null : JSON.stringify(entry.outcome),
      entry.prevHash,
      entry.hash,
    ];
    const placeholders = Array.from({ length: 14 }, (_, i) => p(i + 1)).join(', ');

    /** Writes the rewritten entries with `statement`, then points the case at the new head. */
    const attack = async (
      caseId: string,
      statement: (m: EntityManager, e: HistoryEntryView) => Promise<unknown>,
    ) => {
      const forged = rewritten(await history(caseId), 2);
      await withManager(t, async (m) => {
        for (const entry of forged) await statement(m, entry);
        await m.query(`UPDATE "workflow_case" SET "head_hash" = ${p(1)} WHERE "id" = ${p(2)}`, [
          forged[forged.length - 1]?.hash,
          caseId,
        ]);
      });
    };

    const expectUnchanged = async (caseId: string, before: HistoryEntryView[]) => {
      expect(await history(caseId)).toEqual(before);
      expect(await verify(caseId)).toMatchObject({ valid: true, entries: before.length });
      // The service still appends entries of its own.
      const next = appointmentWalk(cast)[before.length - 1];
      if (!next) throw new Error('walk too short');
      await sendEvent(t, next.by, caseId, { type: next.type, payload: next.payload }).expect(200);
    };

    if (database === 'sqlite') {
      for (const verb of ['INSERT OR REPLACE', 'REPLACE']) {
        it(`refuses ${verb} INTO history_entry of an existing entry, re-hashed`, async () => {
          const opened = await openAppointment(t, cast.clerk);
          await walkTo(opened.id, 3);
          const before = await history(opened.id);
          await expect(
            attack(opened.id, (m, e) =>
              m.query(
                `${verb} INTO "history_entry" (${columns}) VALUES (${placeholders})`,
                values(e),
              ),
            ),
          ).rejects.toThrow(/append-only/);
          await expectUnchanged(opened.id, before);
        });
      }
    }

    it('refuses an upsert (INSERT … ON CONFLICT DO UPDATE) of an existing entry', async () => {
      const opened = await openAppointment(t, cast.clerk);
      await walkTo(opened.id, 3);
      const before = await history(opened.id);
      await expect(
        attack(opened.id, (m, e) =>
          m.query(
            `INSERT INTO "history_entry" (${columns}) VALUES (${placeholders})
             ON CONFLICT ("case_id", "seq") DO UPDATE SET "comment" = excluded."comment",
               "prev_hash" = excluded."prev_hash", "hash" = excluded."hash"`,
            values(e),
          ),
        ),
      ).rejects.toThrow(/append-only/);
      await expectUnchanged(opened.id, before);
    });
  });

  describe('a case moved in the database without a history entry (issue 11, item 5)', () => {
    it('skips vetting and the committee vote: /verify says invalid, the next event is 409 CASE_INCONSISTENT and nothing is written', async () => {
      const opened = await openAppointment(t, cast.clerk);
      // Through the leadership vote: the case waits in vetting.review for two approvals.
      await walkTo(opened.id, 7);
      const walk = appointmentWalk(cast);
      expect((await caseRow(opened.id)).state).toBe(walk[6]?.to);
      expect(await verify(opened.id)).toMatchObject({ valid: true, entries: 8 });

      // The attack: state and snapshot straight to `decision`.
      await moveCase(opened.id, { state: 'decision', snapshotState: 'decision' });

      const verification = await verify(opened.id);
      expect(verification).toEqual({
        valid: false,
        brokenAt: 9,
        reason: expect.stringContaining('"decision"') as unknown as string,
      });

      const before = await caseRow(opened.id);
      const entriesBefore = await history(opened.id);
      const lines = logs.lines.length;
      const refused = await sendEvent(t, cast.authority, opened.id, {
        type: 'ISSUE_DECISION',
        payload: { decisionNumber: '9/QĐ-UBND', signedOn: '2026-03-20', effectiveOn: '2026-04-01' },
      }).expect(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        code: 'CASE_INCONSISTENT',
        details: { caseId: opened.id },
      });
      expect(await caseRow(opened.id)).toEqual(before);
      expect(await history(opened.id)).toEqual(entriesBefore);
      const alarm = logs.lines.slice(lines).find((line) => line.includes('integrity alarm'));
      expect(alarm).toContain(opened.id);
      expect(alarm).toContain('decision');
    });

    it('refuses a case whose snapshot alone was moved (the row still says the old state)', async () => {
      const opened = await openAppointment(t, cast.clerk);
      await walkTo(opened.id, 7);
      await moveCase(opened.id, { snapshotState: 'vote.ballot' });
      expect(await verify(opened.id)).toMatchObject({ valid: false, brokenAt: 9 });
      const before = await caseRow(opened.id);
      await sendEvent(t, cast.clerk, opened.id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 17, present: 15, inFavour: 9, against: 6 },
      })
        .expect(409)
        .expect((response) => expect(response.body).toMatchObject({ code: 'CASE_INCONSISTENT' }));
      expect(await caseRow(opened.id)).toEqual(before);
    });

    it('refuses a case whose revision or head was set back', async () => {
      const opened = await openAppointment(t, cast.clerk);
      await walkTo(opened.id, 2);
      await withManager(t, (m) =>
        m.query(`UPDATE "workflow_case" SET "revision" = 2 WHERE "id" = ${p(1)}`, [opened.id]),
      );
      expect(await verify(opened.id)).toMatchObject({
        valid: false,
        reason: expect.stringContaining('revision 2') as unknown as string,
      });
      const step = appointmentWalk(cast)[2];
      if (!step) throw new Error('walk too short');
      await sendEvent(t, step.by, opened.id, { type: step.type, payload: step.payload })
        .expect(409)
        .expect((response) => expect(response.body).toMatchObject({ code: 'CASE_INCONSISTENT' }));
      expect(await history(opened.id)).toHaveLength(3);
    });

    it('catches in /verify an approval added to the snapshot (the state unchanged)', async () => {
      const opened = await openAppointment(t, cast.clerk);
      await walkTo(opened.id, 7);
      await moveCase(opened.id, {
        edit: (snapshot) => {
          snapshot.context.approvals['vetting.review'] = [
            { actorId: cast.board.id, role: 'organization_board', at: clock.now().toISOString() },
          ];
        },
      });
      const verification = await verify(opened.id);
      expect(verification).toMatchObject({
        valid: false,
        brokenAt: 9,
        reason: expect.stringContaining('snapshot') as unknown as string,
      });
    });

    it('refuses the deadline scheduler’s system event on a case whose row was moved', async () => {
      clock.set(vn('2026-03-02T09:00:00'));
      const opened = await openLapsing(t, cast.clerk);
      await withManager(t, (m) =>
        m.query(`UPDATE "workflow_case" SET "state" = 'review' WHERE "id" = ${p(1)}`, [opened.id]),
      );
      const before = await caseRow(opened.id);
      clock.advanceDays(10);
      const fired = firedFor(await scheduler(t).fireDue(), opened.id);
      expect(fired.length).toBeGreaterThan(0);
      for (const report of fired) {
        expect(report).toMatchObject({
          outcome: 'eventRefused',
          refusal: { code: 'CASE_INCONSISTENT' },
        });
      }
      expect(await caseRow(opened.id)).toEqual(before);
      expect(await history(opened.id)).toHaveLength(1);
    });

    it('still verifies and steps an untouched case', async () => {
      const opened: CaseBody = await openAppointment(t, cast.clerk);
      await walkTo(opened.id, appointmentWalk(cast).length);
      expect(await verify(opened.id)).toMatchObject({
        valid: true,
        entries: appointmentWalk(cast).length + 1,
      });
    });
  });
});
