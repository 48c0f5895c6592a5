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
  /**
   * The units whose cases' entries are read (a scope that is not everywhere); undefined: every
   * case. An empty list reads nothing.
   */
  readonly unitIds?: readonly string[];
}

/** `h.case_id` restricted to the cases of some units: a scope (SPEC §1). */
const casesOfUnits = (unitIds: readonly string[]): { clause: string; params: string[] } =>
  unitIds.length === 0
    ? { clause: '1 = 0', params: [] }
    : {
        clause: `h.case_id IN (SELECT c.id FROM workflow_case c WHERE c.unit_id IN (${unitIds.map(() => '?').join(', ')}))`,
        params: [...unitIds],
      };

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
  /** Each row as JSON text (what the byte budget counted): an NDJSON export's lines. */
  readonly lines: string[];
  /** Whether entries follow the last row. */
  readonly more: boolean;
}

/** A bounded read as NDJSON lines (the export): where it stopped, and whether more follow. */
export interface LinesRead {
  readonly lines: string[];
  readonly last: HistoryPosition | null;
  readonly more: boolean;
}

export interface BatchBounds {
  readonly limit: number;
  /** The read ends once its entries pass this many bytes as JSON (at least one is taken). */
  readonly maxBytes: number;
}

/**
 * Rows per query while a bounded batch is read, so that memory follows the byte budget: the
 * first chunk is small, the next ones are sized to about CHUNK_BYTES from the entries seen so
 * far (an entry may hold up to CASE_DATA_MAX_BYTES of payload, or a few hundred bytes).
 */
const FIRST_CHUNK = 100;
const MAX_CHUNK = 2000;
const CHUNK_BYTES = 1024 * 1024;

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

  /** The head of every case's chain (of the cases of `unitIds` when given), by caseId. */
  async heads(manager: EntityManager, unitIds?: readonly string[]): Promise<CaseChainHead[]> {
    const scoped = unitIds === undefined ? null : casesOfUnits(unitIds);
    return sqlSession(manager).get(
      query(
        `SELECT h.case_id AS "caseId", h.seq AS "seq", h.hash AS "head"
           FROM history_entry h
          WHERE h.seq = (SELECT MAX(m.seq) FROM history_entry m WHERE m.case_id = h.case_id)
          ${scoped ? `AND ${scoped.clause}` : ''}
          ORDER BY h.case_id`,
        scoped ? scoped.params : [],
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
   * taken), read in chunks sized so that memory follows the budget.
   */
  async readBatch(
    manager: EntityManager,
    filter: HistoryFilter,
    after: HistoryPosition | null,
    bounds: BatchBounds,
  ): Promise<BoundedRead> {
    const read = await readBounded(manager, filter, after, bounds, (row) => {
      const entry = rawToHistoryView(row as RawHistoryRow);
      // The entry holds exactly its fields, in their order (rawToHistoryView).
      return { item: entry, line: JSON.stringify(entry), position: entry };
    });
    return { rows: read.items, lines: read.lines, more: read.more };
  }

  /**
   * The same read as NDJSON lines only (the export): each line is written straight from the
   * stored columns — the JSON columns hold the JSON.stringify text of their value, and are
   * spliced in as they are — which is the text `JSON.stringify(entry)` gives, without parsing
   * and serialising every entry again. `last` is where the read stopped.
   */
  async readLines(
    manager: EntityManager,
    filter: HistoryFilter,
    after: HistoryPosition | null,
    bounds: BatchBounds,
  ): Promise<LinesRead> {
    const read = await readBounded(manager, filter, after, bounds, (row) => ({
      item: null,
      line: storedEntryJson(row),
      position: {
        at: row['at'] as string,
        caseId: row['caseId'] as string,
        seq: Number(row['seq']),
      },
    }));
    return { lines: read.lines, last: read.last, more: read.more };
  }

  /**
   * The entries of some cases, each up to its seq in `upTo`, by case then seq (one query); only
   * the cases of `unitIds` when given (the others read as having no entry).
   */
  async readChains(
    manager: EntityManager,
    caseIds: readonly string[],
    upTo: ReadonlyMap<string, number>,
    unitIds?: readonly string[],
  ): Promise<Map<string, HistoryEntryView[]>> {
    const byCase = new Map<string, HistoryEntryView[]>();
    if (caseIds.length === 0) return byCase;
    const maxSeq = Math.max(0, ...caseIds.map((id) => upTo.get(id) ?? 0));
    const scoped = unitIds === undefined ? null : casesOfUnits(unitIds);
    const entries = await sqlSession(manager).get(
      query(
        `SELECT ${SELECT_ENTRY} FROM history_entry h
          WHERE h.case_id IN (${caseIds.map(() => '?').join(', ')}) AND h.seq <= ?
          ${scoped ? `AND ${scoped.clause}` : ''}
          ORDER BY h.case_id, h.seq`,
        [...caseIds, maxSeq, ...(scoped ? scoped.params : [])],
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

/** One entry read for a bounded read: what it gives, its JSON line, where it is. */
interface ReadItem<T> {
  readonly item: T;
  readonly line: string;
  readonly position: HistoryPosition;
}

/**
 * The loop of a bounded read: chunks in the audit order after `after`, until `bounds.limit`
 * entries or `bounds.maxBytes` of JSON (at least one entry). The first chunk is small; the next
 * ones are sized to about CHUNK_BYTES from the entries seen so far.
 */
async function readBounded<T>(
  manager: EntityManager,
  filter: HistoryFilter,
  after: HistoryPosition | null,
  bounds: BatchBounds,
  read: (row: SqlRow) => ReadItem<T>,
): Promise<{ items: T[]; lines: string[]; last: HistoryPosition | null; more: boolean }> {
  const session = sqlSession(manager);
  const items: T[] = [];
  const lines: string[] = [];
  let bytes = 0;
  let position = after;
  let last: HistoryPosition | null = null;
  for (;;) {
    const taken = items.length;
    const sized = taken === 0 ? FIRST_CHUNK : Math.floor(CHUNK_BYTES / Math.max(1, bytes / taken));
    const wanted = Math.min(
      Math.max(FIRST_CHUNK, Math.min(MAX_CHUNK, sized)),
      bounds.limit - taken + 1,
    );
    const chunk = await session.get(chunkQuery(filter, position, wanted));
    for (const row of chunk) {
      if (items.length === bounds.limit || (items.length > 0 && bytes >= bounds.maxBytes)) {
        return { items, lines, last, more: true };
      }
      const entry = read(row);
      items.push(entry.item);
      lines.push(entry.line);
      bytes += Buffer.byteLength(entry.line, 'utf8');
      last = entry.position;
    }
    if (chunk.length < wanted || chunk.length === 0) return { items, lines, last, more: false };
    position = last;
  }
}

/** How each field of a stored row is written into its JSON line, in field order. */
const LINE_PARTS = HISTORY_ENTRY_FIELDS.map((field, index) => ({
  field,
  kind: fieldSpec(field).kind,
  prefix: `${index === 0 ? '{' : ','}${JSON.stringify(field)}:`,
}));

/** An entry's JSON, `JSON.stringify(entry)`, from its stored row (see readLines). */
function storedEntryJson(row: SqlRow): string {
  let line = '';
  for (const { field, kind, prefix } of LINE_PARTS) {
    const value = row[field];
    line += prefix;
    if (value === null || value === undefined) line += 'null';
    else if (kind === 'int') line += String(Number(value));
    else if (kind === 'string' || kind === 'string?') line += JSON.stringify(value);
    else line += value as string;
  }
  return `${line}}`;
}

/** One chunk of an audit read: the filters, keyset after `after`, in the audit order. */
function chunkQuery(
  filter: HistoryFilter,
  after: HistoryPosition | null,
  limit: number,
): Query<SqlRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, ...values: unknown[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.workflow !== undefined) add('h.workflow_key = ?', filter.workflow);
  if (filter.actor !== undefined) add('h.actor_id = ?', filter.actor);
  if (filter.event !== undefined) add('h.event = ?', filter.event);
  if (filter.to !== undefined) add('h.at < ?', filter.to);
  if (filter.unitIds !== undefined) {
    const scoped = casesOfUnits(filter.unitIds);
    add(scoped.clause, ...scoped.params);
  }
  // One lower bound, the later one, so that both databases seek the audit-order index to it: a
  // position (a row value) or the window's start. (An OR of comparisons, or both bounds, made
  // SQLite seek to the window's start and scan from there for every chunk.)
  if (after && (filter.from === undefined || after.at >= filter.from)) {
    add('(h.at, h.case_id, h.seq) > (?, ?, ?)', after.at, after.caseId, after.seq);
  } else if (filter.from !== undefined) add('h.at >= ?', filter.from);
  return query(
    `SELECT ${SELECT_ENTRY} FROM history_entry h` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY h.at, h.case_id, h.seq LIMIT ?`,
    [...params, limit],
    (rows) => rows,
  );
}
