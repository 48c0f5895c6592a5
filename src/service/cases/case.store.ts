/**
 * The `workflow_case` table on the event path: lock and read a case, insert one, save a step.
 * Prepared statements (database/sql.ts) inside the caller's transaction; the list (filters,
 * keyset pages) stays a TypeORM query.
 *
 * Scope (SPEC §1): `lock` and `find` take the caller's scope and answer null for a case outside
 * it, exactly as for an unknown id. This is THE place where a route learns whether a case exists
 * for its caller, so none can forget to ask; the deadline scheduler passes EVERYWHERE.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CALENDAR_LOCK_KEY } from '../database/advisory-locks.js';
import {
  command,
  query,
  sqlSession,
  type Command,
  type Query,
  type SqlRow,
} from '../database/sql.js';
import { stateValueToPath } from '../../engine/index.js';
import type { CaseHead } from '../history/chain.js';
import { inScope, type Scope } from '../units/scope.js';
import type { CaseEntity } from './case.entity.js';

/** A case row as the service uses it (the entity's fields, JSON columns parsed). */
export type CaseRecord = { -readonly [K in keyof CaseEntity]: CaseEntity[K] };

/** What a step changes in the case row. */
export type CaseStep = Pick<
  CaseRecord,
  'state' | 'status' | 'finalState' | 'revision' | 'snapshot' | 'headHash' | 'overdue' | 'updatedAt'
>;

const COLUMNS =
  'id, workflow_key AS "workflowKey", workflow_version AS "workflowVersion", state, status, ' +
  'result AS "finalState", revision, subject, data, snapshot, head_hash AS "headHash", overdue, ' +
  'unit_id AS "unitId", created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt"';

const toRecord = (row: SqlRow): CaseRecord => ({
  id: row['id'] as string,
  workflowKey: row['workflowKey'] as string,
  workflowVersion: Number(row['workflowVersion']),
  state: row['state'] as string,
  status: row['status'] as CaseRecord['status'],
  finalState: row['finalState'] as string | null,
  revision: Number(row['revision']),
  subject: JSON.parse(row['subject'] as string) as CaseRecord['subject'],
  data: JSON.parse(row['data'] as string) as CaseRecord['data'],
  snapshot: JSON.parse(row['snapshot'] as string) as CaseRecord['snapshot'],
  headHash: row['headHash'] as string,
  overdue: Number(row['overdue']),
  unitId: row['unitId'] as string,
  createdBy: row['createdBy'] as string,
  createdAt: row['createdAt'] as string,
  updatedAt: row['updatedAt'] as string,
});

/** What the case row says about the end of its history (SPEC §3.3). */
export const headOf = (row: CaseRecord): CaseHead => ({
  state: row.state,
  revision: row.revision,
  headHash: row.headHash,
  snapshotState: stateValueToPath(row.snapshot.value),
});

const first = (rows: SqlRow[]): CaseRecord | null => (rows[0] ? toRecord(rows[0]) : null);

/** The row when its case exists for a caller of `scope`; null otherwise (unknown or outside). */
const within = (scope: Scope, row: CaseRecord | null): CaseRecord | null =>
  row !== null && inScope(scope, row.unitId) ? row : null;

@Injectable()
export class CaseStore {
  /**
   * The case, locked for the rest of the transaction; null when it does not exist. PostgreSQL:
   * `FOR UPDATE` serialises writers across processes, and the same statement first takes the
   * calendar lock (shared; lock order calendar, case, deadline as the scheduler's), so that
   * everything the event reads next — its deadlines, the calendar — is as a calendar upload
   * left it. SQLite: the transaction is already exclusive (BEGIN IMMEDIATE).
   */
  async lock(manager: EntityManager, caseId: string, scope: Scope): Promise<CaseRecord | null> {
    const session = sqlSession(manager);
    if (!session.postgres) return this.find(manager, caseId, scope);
    const row = await session.get(
      query(
        `SELECT pg_advisory_xact_lock_shared(${CALENDAR_LOCK_KEY}) AS "calendarLock", ${COLUMNS}
           FROM workflow_case WHERE id = ? FOR UPDATE`,
        [caseId],
        first,
      ),
    );
    return within(scope, row);
  }

  /** The case as it is; null when it does not exist (for a caller of `scope`). */
  async find(manager: EntityManager, caseId: string, scope: Scope): Promise<CaseRecord | null> {
    const row = await sqlSession(manager).get(
      query(`SELECT ${COLUMNS} FROM workflow_case WHERE id = ?`, [caseId], first),
    );
    return within(scope, row);
  }

  /** The running cases of a workflow key in `scope`, oldest first (a migration's bulk dry run). */
  active(key: string, scope: Scope): Query<CaseRecord[]> {
    return query(
      `SELECT ${COLUMNS} FROM workflow_case WHERE workflow_key = ? AND status = 'active'
        ORDER BY created_at, id`,
      [key],
      (rows) => rows.map(toRecord).filter((row) => inScope(scope, row.unitId)),
    );
  }

  insert(row: CaseRecord): Command {
    return command(
      `INSERT INTO workflow_case (id, workflow_key, workflow_version, state, status, result,
         revision, subject, data, snapshot, head_hash, overdue, unit_id, created_by, created_at,
         updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.id,
        row.workflowKey,
        row.workflowVersion,
        row.state,
        row.status,
        row.finalState,
        row.revision,
        JSON.stringify(row.subject),
        JSON.stringify(row.data),
        JSON.stringify(row.snapshot),
        row.headHash,
        row.overdue,
        row.unitId,
        row.createdBy,
        row.createdAt,
        row.updatedAt,
      ],
    );
  }

  /** Saves a move to another version (a `MIGRATE` entry) over the row at `revision`. */
  saveMigration(
    caseId: string,
    revision: number,
    step: CaseStep,
    workflowVersion: number,
  ): Command {
    return command(
      `UPDATE workflow_case SET workflow_version = ?, state = ?, revision = ?, snapshot = ?,
         head_hash = ?, overdue = ?, updated_at = ?
       WHERE id = ? AND revision = ?`,
      [
        workflowVersion,
        step.state,
        step.revision,
        JSON.stringify(step.snapshot),
        step.headHash,
        step.overdue,
        step.updatedAt,
        caseId,
        revision,
      ],
    );
  }

  /**
   * Saves a step over the row at `revision`: the revision in the WHERE clause makes a lost
   * update impossible even without the lock (0 rows changed: someone else moved the case).
   */
  saveStep(caseId: string, revision: number, step: CaseStep): Command {
    return command(
      `UPDATE workflow_case SET state = ?, status = ?, result = ?, revision = ?, snapshot = ?,
         head_hash = ?, overdue = ?, updated_at = ?
       WHERE id = ? AND revision = ?`,
      [
        step.state,
        step.status,
        step.finalState,
        step.revision,
        JSON.stringify(step.snapshot),
        step.headHash,
        step.overdue,
        step.updatedAt,
        caseId,
        revision,
      ],
    );
  }
}
