import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  command,
  query,
  sqlSession,
  type Command,
  type Query,
  type SqlRow,
} from '../database/sql.js';
import { HISTORY_ENTRY_FIELDS, fieldSpec, type HistoryEntryView } from './history-fields.js';
import { historySelections, rawToHistoryView, type RawHistoryRow } from './history-entry.entity.js';

/** The filters of an audit read; `from` inclusive, `to` exclusive, both ISO instants. */
export interface HistoryFilter {
  readonly workflow?: string;
  readonly actor?: string;
  readonly event?: string;
  readonly from?: string;
  readonly to?: string;
}

/** A place in the audit order (at, caseId, seq): a read continues after it. */
export interface HistoryPosition {
  readonly at: string;
  readonly caseId: string;
  readonly seq: number;
}

/** The last entry of a case, as the step path and the chain need it. */
export interface HistoryHead {
  readonly seq: number;
  readonly to: string;
  readonly hash: string;
}

/** The head of one case's chain, as a digest lists it. */
export interface CaseChainHead {
  readonly caseId: string;
  readonly seq: number;
  readonly head: string;
}

export interface BoundedRead {
  readonly rows: HistoryEntryView[];
  /** Whether entries follow the last row. */
  readonly more: boolean;
}

export interface BatchBounds {
  readonly limit: number;
  /** The read ends once its entries pass this many bytes as JSON (at least one is taken). */
  readonly maxBytes: number;
}

/** Rows per query while a bounded batch is read, so that memory follows the byte budget. */
const READ_CHUNK = 100;

/** Every field of an entry, as `h.column AS "field"` (derived from history-fields.ts). */
const SELECT_ENTRY = historySelections('h')
  .map(([selection, field]) => `${selection} AS "${field}"`)
  .join(', ');

/** The stored columns of an entry, in field order, and the denormalised workflow key. */
const INSERT_ENTRY =
  `INSERT INTO history_entry (${HISTORY_ENTRY_FIELDS.map((field) => fieldSpec(field).column.name).join(', ')}, workflow_key) ` +
  `VALUES (${HISTORY_ENTRY_FIELDS.map(() => '?').join(', ')}, ?)`;

/** An entry's value as its column stores it (TypeORM's simple-json: JSON.stringify text). */
const stored = (entry: HistoryEntryView): unknown[] =>
  HISTORY_ENTRY_FIELDS.map((field) => {
    const value = entry[field];
    switch (fieldSpec(field).kind) {
      case 'strings':
      case 'object':
      case 'object?':
        return value === null ? null : JSON.stringify(value);
      default:
        return value;
    }
  });

const toEntries = (rows: SqlRow[]): HistoryEntryView[] =>
  rows.map((row) => rawToHistoryView(row as RawHistoryRow));

/**
 * The case history's table: every read and write of `history_entry` goes through here, inside
 * the caller's transaction (`manager` from runInTransaction). The event path's statements are
 * returned unexecuted (`append`, `head`, `readCase`) so that they join the caller's statement
 * groups (database/sql.ts); the audit's reads run here.
 */
@Injectable()
export class HistoryStore {
  /** Appends one entry; a second entry with the same (caseId, seq) is refused (unique violation). */
  append(entry: HistoryEntryView, workflowKey: string): Command {
    return command(INSERT_ENTRY, [...stored(entry), workflowKey]);
  }

  /** A case's entries, oldest first. */
  readCase(caseId: string): Query<HistoryEntryView[]> {
    return query(
      `SELECT ${SELECT_ENTRY} FROM history_entry h WHERE h.case_id = ? ORDER BY h.seq`,
      [caseId],
      (rows) => toEntries(rows).sort((a, b) => a.seq - b.seq),
    );
  }

  /** The last entry of a case; null when it has none. One indexed read. */
  head(caseId: string): Query<HistoryHead | null> {
    return query(
      `SELECT h.seq AS "seq", h.to_state AS "to", h.hash AS "hash" FROM history_entry h
        WHERE h.case_id = ? ORDER BY h.seq DESC LIMIT 1`,
      [caseId],
      ([row]) =>
        row
          ? { seq: Number(row['seq']), to: row['to'] as string, hash: row['hash'] as string }
          : null,
    );
  }

  /** The head of every case's chain, by caseId. */
  async heads(manager: EntityManager): Promise<CaseChainHead[]> {
    return sqlSession(manager).get(
      query(
        `SELECT h.case_id AS "caseId", h.seq AS "seq", h.hash AS "head"
           FROM history_entry h
          WHERE h.seq = (SELECT MAX(m.seq) FROM history_entry m WHERE m.case_id = h.case_id)
          ORDER BY h.case_id`,
        [],
        (rows) =>
          rows.map((row) => ({
            caseId: row['caseId'] as string,
            seq: Number(row['seq']),
            head: row['head'] as string,
          })),
      ),
    );
  }

  /**
   * Up to `bounds.limit` entries of the selection after `after`, oldest first by (at, caseId,
   * seq), stopping early once they pass `bounds.maxBytes` as JSON (at least one entry is always
   * taken), read in small chunks so that memory follows the budget.
   */
  async readBatch(
    manager: EntityManager,
    filter: HistoryFilter,
    after: HistoryPosition | null,
    bounds: BatchBounds,
  ): Promise<BoundedRead> {
    const session = sqlSession(manager);
    const rows: HistoryEntryView[] = [];
    let bytes = 0;
    let position = after;
    for (;;) {
      const wanted = Math.min(READ_CHUNK, bounds.limit - rows.length + 1);
      const chunk = await session.get(chunkQuery(filter, position, wanted));
      for (const row of chunk) {
        if (rows.length === bounds.limit || (rows.length > 0 && bytes >= bounds.maxBytes)) {
          return { rows, more: true };
        }
        rows.push(row);
        bytes += Buffer.byteLength(JSON.stringify(row), 'utf8');
      }
      const last = chunk[chunk.length - 1];
      if (chunk.length < wanted || !last) return { rows, more: false };
      position = { at: last.at, caseId: last.caseId, seq: last.seq };
    }
  }

  /** The entries of some cases, each up to its seq in `upTo`, by case then seq (one query). */
  async readChains(
    manager: EntityManager,
    caseIds: readonly string[],
    upTo: ReadonlyMap<string, number>,
  ): Promise<Map<string, HistoryEntryView[]>> {
    const byCase = new Map<string, HistoryEntryView[]>();
    if (caseIds.length === 0) return byCase;
    const maxSeq = Math.max(0, ...caseIds.map((id) => upTo.get(id) ?? 0));
    const entries = await sqlSession(manager).get(
      query(
        `SELECT ${SELECT_ENTRY} FROM history_entry h
          WHERE h.case_id IN (${caseIds.map(() => '?').join(', ')}) AND h.seq <= ?
          ORDER BY h.case_id, h.seq`,
        [...caseIds, maxSeq],
        toEntries,
      ),
    );
    for (const entry of entries) {
      if (entry.seq > (upTo.get(entry.caseId) ?? 0)) continue;
      const list = byCase.get(entry.caseId);
      if (list) list.push(entry);
      else byCase.set(entry.caseId, [entry]);
    }
    return byCase;
  }
}

/** One chunk of an audit read: the filters, keyset after `after`, in the audit order. */
function chunkQuery(
  filter: HistoryFilter,
  after: HistoryPosition | null,
  limit: number,
): Query<HistoryEntryView[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.workflow !== undefined) add('h.workflow_key = ?', filter.workflow);
  if (filter.actor !== undefined) add('h.actor_id = ?', filter.actor);
  if (filter.event !== undefined) add('h.event = ?', filter.event);
  if (filter.from !== undefined) add('h.at >= ?', filter.from);
  if (filter.to !== undefined) add('h.at < ?', filter.to);
  if (after) {
    add(
      '(h.at > ? OR (h.at = ? AND (h.case_id > ? OR (h.case_id = ? AND h.seq > ?))))',
      after.at,
      after.at,
      after.caseId,
      after.caseId,
      after.seq,
    );
  }
  return query(
    `SELECT ${SELECT_ENTRY} FROM history_entry h` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY h.at, h.case_id, h.seq LIMIT ?`,
    [...params, limit],
    toEntries,
  );
}
