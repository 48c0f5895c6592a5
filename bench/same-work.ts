/**
 * The "same work" baseline of P1 and P2 (issue 12): a hand-written loop doing what one accepted
 * event must do, and nothing else — read the case row, restore its snapshot, run the rules of the
 * transition and the XState transition, JCS + SHA-256 of the history entry, update the case row,
 * insert the history row — in one transaction, on the service's own tables (same indexes and
 * triggers), with the same durability setting (SQLite's `synchronous`), through prepared
 * statements on the same driver (better-sqlite3; pg over one connection, or a pool of the
 * service's size for P2). No framework, no ORM, no deadline rows, no response view.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { transition } from 'xstate';
import {
  compileWorkflow,
  currentState,
  parseWorkflowDocument,
  stateValueToPath,
  type Actor,
  type CompiledWorkflow,
  type JsonObject,
  type RuleEvaluation,
  type StoredSnapshot,
  findTransition,
  transitionKey,
} from '../src/engine/index.js';
import { hashEntry, type UnhashedEntry } from '../src/service/history/chain.js';
import { BENCH_WORKFLOWS_DIR } from './service.js';
import { benchSqliteSynchronous } from './support.js';

/** The benchmark's procedure, compiled once (the service caches its compiled versions too). */
export const compileBenchWorkflow = (): CompiledWorkflow =>
  compileWorkflow(
    parseWorkflowDocument(
      readFileSync(join(BENCH_WORKFLOWS_DIR, 'bench-approval.workflow.yaml'), 'utf8'),
    ),
  );

interface CaseRow {
  readonly revision: number | string;
  readonly state: string;
  readonly snapshot: string;
  readonly head_hash: string;
}

/** One accepted transition's new row values and history entry, computed from the row read. */
interface Step {
  readonly update: readonly unknown[];
  readonly insert: readonly unknown[];
}

/**
 * The pure part, as the service does it: the transition's rules (they decide the branch and give
 * the entry's outcome), the XState transition from the restored snapshot, the entry hashed.
 */
const compute = (
  compiled: CompiledWorkflow,
  workflowKey: string,
  caseId: string,
  row: CaseRow,
  actor: Actor,
  event: { type: string; comment: string },
): Step => {
  const stored = JSON.parse(row.snapshot) as StoredSnapshot;
  const found = findTransition(currentState(compiled, stored), event.type);
  const handler = found && compiled.transitions.get(transitionKey(found.source.id, event.type));
  if (!handler) throw new Error(`same-work loop: ${event.type} not allowed in ${row.state}`);
  const now = new Date().toISOString();
  const payload: JsonObject = {};
  const ruleEvent = { type: event.type, payload, actor, now };
  const evaluations: RuleEvaluation[] = [];
  let result: string | null = null;
  for (const rule of handler.rules) {
    const evaluation = rule.spec.evaluate({
      context: stored.context,
      event: ruleEvent,
      params: rule.params,
      stateId: handler.source.id,
    });
    if (!evaluation.satisfied) throw new Error(`same-work loop: ${evaluation.reason}`);
    evaluations.push(evaluation);
    if (rule.deciding) result = evaluation.result ?? null;
  }
  const snapshot = compiled.machine.resolveState(
    stored as unknown as Parameters<CompiledWorkflow['machine']['resolveState']>[0],
  );
  const [next] = transition(compiled.machine, snapshot, {
    ...ruleEvent,
    comment: event.comment,
    result,
    evaluations,
  });
  const to = stateValueToPath(next.value);
  const ended = next.status === 'done';
  const revision = Number(row.revision);
  const roles = actor.roles.filter((role) => handler.definition.roles.includes(role));
  const outcome = {
    result,
    rules: JSON.parse(JSON.stringify(evaluations)) as JsonObject[],
  } as JsonObject;
  const entry: UnhashedEntry = {
    seq: revision + 1,
    caseId,
    at: now,
    event: event.type,
    from: row.state,
    to,
    actorId: actor.id,
    roles,
    payload,
    comment: event.comment,
    outcome,
    prevHash: row.head_hash,
  };
  const hash = hashEntry(entry);
  return {
    update: [
      to,
      ended ? 'completed' : 'active',
      ended ? to : null,
      revision + 1,
      JSON.stringify(compiled.machine.getPersistedSnapshot(next)),
      hash,
      now,
      caseId,
      revision,
    ],
    insert: [
      caseId,
      entry.seq,
      workflowKey,
      now,
      event.type,
      entry.from,
      to,
      actor.id,
      JSON.stringify(roles),
      JSON.stringify(payload),
      event.comment,
      JSON.stringify(outcome),
      entry.prevHash,
      hash,
    ],
  };
};

const SELECT_CASE = (p: (n: number) => string, lock: string) =>
  `SELECT revision, state, snapshot, head_hash FROM workflow_case WHERE id = ${p(1)}${lock}`;
const UPDATE_CASE = (p: (n: number) => string) =>
  `UPDATE workflow_case SET state = ${p(1)}, status = ${p(2)}, result = ${p(3)}, revision = ${p(4)},
     snapshot = ${p(5)}, head_hash = ${p(6)}, updated_at = ${p(7)}
   WHERE id = ${p(8)} AND revision = ${p(9)}`;
const INSERT_ENTRY = (p: (n: number) => string) =>
  `INSERT INTO history_entry (case_id, seq, workflow_key, at, event, from_state, to_state,
     actor_id, roles, payload, comment, outcome, prev_hash, hash)
   VALUES (${Array.from({ length: 14 }, (_, i) => p(i + 1)).join(', ')})`;

/** One transition of one case, durably committed (or thrown, rolled back). */
export interface SameWork {
  readonly name: string;
  step(caseId: string, actor: Actor): Promise<{ state: string }>;
  close(): Promise<void>;
}

export const EVENT = { type: 'APPROVE', comment: 'Đồng ý' } as const;

/** SQLite: a connection of its own to the service's file, with the service's pragmas. */
export const sqliteSameWork = (
  file: string,
  compiled: CompiledWorkflow = compileBenchWorkflow(),
): SameWork => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${benchSqliteSynchronous()}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const q = () => '?';
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const select = db.prepare<[string], CaseRow>(SELECT_CASE(q, ''));
  const update = db.prepare(UPDATE_CASE(q));
  const insert = db.prepare(INSERT_ENTRY(q));
  const key = compiled.definition.key;
  return {
    name: 'better-sqlite3, prepared statements, BEGIN IMMEDIATE … COMMIT',
    step: (caseId, actor) => {
      begin.run();
      try {
        const row = select.get(caseId);
        if (!row) throw new Error(`same-work loop: no case ${caseId}`);
        const step = compute(compiled, key, caseId, row, actor, EVENT);
        if (update.run(...step.update).changes !== 1)
          throw new Error('same-work loop: lost update');
        insert.run(...step.insert);
        commit.run();
        return Promise.resolve({ state: step.update[0] as string });
      } catch (error) {
        if (db.inTransaction) rollback.run();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
};

/**
 * PostgreSQL: named prepared statements, `SELECT … FOR UPDATE` as the service locks, READ
 * COMMITTED (the default). `connections` > 1 gives a pool (P2: the service's pool size).
 */
export const postgresSameWork = async (
  url: string,
  connections = 1,
  compiled: CompiledWorkflow = compileBenchWorkflow(),
): Promise<SameWork> => {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // Fail here, not in the first timed step, when the database is unreachable.
  (await pool.connect()).release();
  const q = (n: number) => `$${n}`;
  const statements = {
    select: { name: 'same_work_select', text: SELECT_CASE(q, ' FOR UPDATE') },
    update: { name: 'same_work_update', text: UPDATE_CASE(q) },
    insert: { name: 'same_work_insert', text: INSERT_ENTRY(q) },
  };
  const key = compiled.definition.key;
  return {
    name: `pg, named prepared statements, BEGIN … COMMIT (${connections === 1 ? 'one connection' : `pool of ${connections}`})`,
    step: async (caseId, actor) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<CaseRow>({ ...statements.select, values: [caseId] });
        const row = rows[0];
        if (!row) throw new Error(`same-work loop: no case ${caseId}`);
        const step = compute(compiled, key, caseId, row, actor, EVENT);
        const updated = await client.query({ ...statements.update, values: [...step.update] });
        if (updated.rowCount !== 1) throw new Error('same-work loop: lost update');
        await client.query({ ...statements.insert, values: [...step.insert] });
        await client.query('COMMIT');
        return { state: step.update[0] as string };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};
