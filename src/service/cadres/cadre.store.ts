/**
 * The cadre registry's tables (SPEC §7): `cadre` (one row per cadre: identity, what the list
 * shows, the head of its chain) and `cadre_entry` (append-only, hash-chained per cadre). Every
 * read and write of them goes through here, inside the caller's transaction (`manager` from
 * Transactions.run), as prepared statements (database/sql.ts).
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  vietnamDate,
  type JsonObject,
  appendProblems,
  cadreAsOf,
  type NewRegistryEntry,
  type CadreDraft,
  type CadreRecord,
  type RegisterKind,
  currentPostOn,
} from '../../engine/index.js';
import { AppError } from '../common/app-error.js';
import { canonicalJson } from '../common/canonical-json.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { messages } from '../common/messages.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { invalidField } from '../common/validation.js';
import { command, query, sqlSession, type SqlRow } from '../database/sql.js';
import { GENESIS_HASH } from '../history/chain.js';
import type { Scope } from '../units/scope.js';
import { nextCadreEntry, toRegistryEntry, type CadreEntryView } from './cadre-chain.js';
import { searchText } from './search-text.js';

/** A cadre's row as the service uses it. */
export interface CadreRow {
  readonly id: string;
  readonly code: string;
  readonly unitId: string;
  readonly fullName: string;
  readonly postTitle: string | null;
  readonly seq: number;
  readonly headHash: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Who records entries, and when (the service's clock). */
export interface RegistryActor {
  readonly id: string;
  readonly now: string;
}

/** A list item: what a list needs, nothing personal beyond the name. */
export interface CadreListItem {
  readonly id: string;
  readonly code: string;
  readonly fullName: string;
  readonly unitId: string;
  readonly postTitle: string | null;
}

export interface CadreListQuery {
  readonly unit?: string;
  readonly q?: string;
  readonly cursor?: string;
  readonly limit: number;
}

export interface CadrePage {
  readonly items: CadreListItem[];
  readonly nextCursor: string | null;
}

/** What applying drafts did, by code. */
export interface DraftsApplied {
  readonly created: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly cadres: ReadonlyArray<{
    readonly code: string;
    readonly id: string;
    readonly outcome: 'created' | 'changed' | 'unchanged';
    readonly entries: number;
  }>;
}

const ROW_COLUMNS =
  'id, code, unit_id AS "unitId", full_name AS "fullName", post_title AS "postTitle", seq, ' +
  'head_hash AS "headHash", created_at AS "createdAt", updated_at AS "updatedAt"';

const ENTRY_COLUMNS =
  'cadre_id AS "cadreId", seq, kind, data, supersedes, void, recorded_at AS "recordedAt", ' +
  'recorded_by AS "recordedBy", case_id AS "caseId", note, prev_hash AS "prevHash", hash';

const toRow = (row: SqlRow): CadreRow => ({
  id: row['id'] as string,
  code: row['code'] as string,
  unitId: row['unitId'] as string,
  fullName: row['fullName'] as string,
  postTitle: (row['postTitle'] as string | null) ?? null,
  seq: Number(row['seq']),
  headHash: row['headHash'] as string,
  createdAt: row['createdAt'] as string,
  updatedAt: row['updatedAt'] as string,
});

const toEntry = (row: SqlRow): CadreEntryView => ({
  cadreId: row['cadreId'] as string,
  seq: Number(row['seq']),
  kind: row['kind'] as RegisterKind,
  data: row['data'] === null ? null : (JSON.parse(row['data'] as string) as JsonObject),
  supersedes: row['supersedes'] === null ? null : Number(row['supersedes']),
  void: Number(row['void']) === 1,
  recordedAt: row['recordedAt'] as string,
  recordedBy: row['recordedBy'] as string,
  caseId: (row['caseId'] as string | null) ?? null,
  note: (row['note'] as string | null) ?? null,
  prevHash: row['prevHash'] as string,
  hash: row['hash'] as string,
});

/** Each register of a draft (and of a record) and the kind of its entries. */
const REGISTERS = [
  ['posts', 'post'],
  ['planning', 'planning'],
  ['disciplines', 'discipline'],
  ['ratings', 'rating'],
  ['confidenceVotes', 'confidenceVote'],
  ['freezes', 'freeze'],
  ['assignments', 'assignment'],
] as const satisfies ReadonlyArray<readonly [keyof CadreDraft & keyof CadreRecord, RegisterKind]>;

/** Data compared as JCS of its JSON: key order and absent optional fields do not count. */
const sameData = (a: unknown, b: unknown): boolean =>
  canonicalJson(JSON.parse(JSON.stringify(a))) === canonicalJson(JSON.parse(JSON.stringify(b)));

const plain = (value: unknown): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/** The entries a draft adds to a record (undefined: a new cadre). */
export function draftEntries(
  draft: CadreDraft,
  record: CadreRecord | undefined,
): NewRegistryEntry[] {
  const added: NewRegistryEntry[] = [];
  if (!record) added.push({ kind: 'person', data: plain(draft.person) as never });
  else if (!sameData(record.person.data, draft.person)) {
    added.push({
      kind: 'person',
      data: plain(draft.person) as never,
      supersedes: record.person.seq,
    });
  }
  for (const [field, kind] of REGISTERS) {
    const present: unknown[] = record ? record[field].map((item) => item.data) : [];
    for (const data of draft[field] ?? []) {
      if (present.some((item) => sameData(item, data))) continue;
      present.push(data);
      added.push({ kind, data: plain(data) as never });
    }
  }
  return added;
}

@Injectable()
export class CadreStore {
  /**
   * Creates a cadre with its first entries (the first a `person`). REGISTRY_CONFLICT when the
   * code is taken.
   */
  async create(
    manager: EntityManager,
    cadre: { readonly code: string; readonly unitId: string },
    entries: readonly NewRegistryEntry[],
    actor: RegistryActor,
  ): Promise<CadreRow> {
    const id = randomUUID();
    try {
      await sqlSession(manager).run(
        command(
          `INSERT INTO cadre (id, code, unit_id, full_name, full_name_search, post_title, seq,
             head_hash, created_at, updated_at) VALUES (?, ?, ?, '', '', NULL, 0, ?, ?, ?)`,
          [id, cadre.code, cadre.unitId, GENESIS_HASH, actor.now, actor.now],
        ),
      );
    } catch (error) {
      if (isUniqueViolation(error, 'cadre')) {
        throw new AppError('REGISTRY_CONFLICT', messages.cadreCodeTaken(cadre.code), {
          code: cadre.code,
        });
      }
      throw error;
    }
    await this.append(manager, id, entries, actor);
    const row = await this.read(manager, id);
    if (!row) throw new Error(`cadre ${id} vanished inside its own transaction`);
    return row;
  }

  /**
   * Appends entries to a cadre's registry, chained after its head, and brings its row up to
   * date (name, current post, head). The cadre is locked for the rest of the transaction. A
   * malformed entry is VALIDATION_FAILED; `supersedes` naming no entry of the same kind is
   * SUPERSEDES_INVALID; naming one already superseded is REGISTRY_CONFLICT. Nothing is written
   * then.
   */
  async append(
    manager: EntityManager,
    cadreId: string,
    entries: readonly NewRegistryEntry[],
    actor: RegistryActor,
    caseId?: string,
  ): Promise<CadreEntryView[]> {
    const row = await this.lock(manager, cadreId);
    if (!row) throw new AppError('NOT_FOUND', messages.cadreNotFound(cadreId));
    const existing = await this.entries(manager, cadreId);
    const problems = appendProblems(existing.map(toRegistryEntry), entries);
    const first = problems[0];
    if (first) {
      const { index, problem } = first;
      const path = `entries[${index}].supersedes`;
      switch (problem.kind) {
        case 'shape':
          throw invalidField(
            `entries[${index}]`,
            'registryEntry',
            messages.registryEntryShape(problem.reason),
          );
        case 'unknownTarget':
          throw new AppError('SUPERSEDES_INVALID', messages.supersedesUnknown(problem.supersedes), {
            path,
            supersedes: problem.supersedes,
          });
        case 'otherKind':
          throw new AppError(
            'SUPERSEDES_INVALID',
            messages.supersedesOtherKind(
              problem.supersedes,
              entries[index]?.kind ?? '',
              problem.targetKind,
            ),
            { path, supersedes: problem.supersedes, targetKind: problem.targetKind },
          );
        case 'alreadySuperseded':
          throw new AppError(
            'REGISTRY_CONFLICT',
            messages.alreadySuperseded(problem.supersedes, problem.by),
            { path, supersedes: problem.supersedes, supersededBy: problem.by },
          );
      }
    }
    // Chained after the last entry stored (the primary key keeps seq unique whatever the row says).
    const stored = existing[existing.length - 1];
    let head = stored ? { seq: stored.seq, hash: stored.hash } : null;
    const added: CadreEntryView[] = [];
    for (const entry of entries) {
      const linked = nextCadreEntry(head, {
        cadreId,
        kind: entry.kind,
        data: entry.data === undefined ? null : plain(entry.data),
        supersedes: entry.supersedes ?? null,
        void: entry.void === true,
        recordedAt: actor.now,
        recordedBy: actor.id,
        caseId: caseId ?? entry.caseId ?? null,
        note: entry.note ?? null,
      });
      added.push(linked);
      head = { seq: linked.seq, hash: linked.hash };
    }
    if (added.length === 0) return [];
    const all = [...existing, ...added];
    const record = cadreAsOf(all.map(toRegistryEntry), row);
    const fullName = record?.person.data.fullName ?? row.fullName;
    const post = record ? currentPostOn(record, vietnamDate(actor.now)) : undefined;
    const last = added[added.length - 1] as CadreEntryView;
    await sqlSession(manager).write([
      ...added.map((entry) =>
        command(
          `INSERT INTO cadre_entry (cadre_id, seq, kind, data, supersedes, void, recorded_at,
             recorded_by, case_id, note, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            entry.cadreId,
            entry.seq,
            entry.kind,
            entry.data === null ? null : JSON.stringify(entry.data),
            entry.supersedes,
            entry.void ? 1 : 0,
            entry.recordedAt,
            entry.recordedBy,
            entry.caseId,
            entry.note,
            entry.prevHash,
            entry.hash,
          ],
        ),
      ),
    ]);
    // Its own statement: PostgreSQL's grouped write may not touch a row the group inserts into
    // a table it references.
    await sqlSession(manager).run(
      command(
        `UPDATE cadre SET full_name = ?, full_name_search = ?, post_title = ?, seq = ?,
           head_hash = ?, updated_at = ? WHERE id = ?`,
        [
          fullName,
          searchText(fullName),
          post?.data.postTitle ?? null,
          last.seq,
          last.hash,
          actor.now,
          cadreId,
        ],
      ),
    );
    return added;
  }

  /** The cadre's row; null when it does not exist. */
  async read(manager: EntityManager, cadreId: string): Promise<CadreRow | null> {
    return sqlSession(manager).get(
      query(`SELECT ${ROW_COLUMNS} FROM cadre WHERE id = ?`, [cadreId], ([row]) =>
        row ? toRow(row) : null,
      ),
    );
  }

  /** The cadre with this code; null when there is none. */
  async byCode(manager: EntityManager, code: string): Promise<CadreRow | null> {
    return sqlSession(manager).get(
      query(`SELECT ${ROW_COLUMNS} FROM cadre WHERE code = ?`, [code], ([row]) =>
        row ? toRow(row) : null,
      ),
    );
  }

  /** The cadre's entries, oldest first. */
  async entries(manager: EntityManager, cadreId: string): Promise<CadreEntryView[]> {
    return sqlSession(manager).get(
      query(
        `SELECT ${ENTRY_COLUMNS} FROM cadre_entry WHERE cadre_id = ? ORDER BY seq`,
        [cadreId],
        (rows) => rows.map(toEntry),
      ),
    );
  }

  /**
   * A page of the cadres in `scope`, by name (the search key) then id: of one unit, and whose
   * name or code contains `q` (accents, đ and case ignored).
   */
  /**
   * The cadres of the scope (only those of `ids` when given) with their entries, oldest first:
   * what the reminders and a case's rules fold. Two statements whatever the number of cadres.
   */
  async withEntries(
    manager: EntityManager,
    scope: Scope,
    ids?: readonly string[],
  ): Promise<Array<{ row: CadreRow; entries: CadreEntryView[] }>> {
    const where: string[] = [];
    const params: unknown[] = [];
    for (const [column, values] of [
      ['unit_id', scope.everywhere ? undefined : [...scope.unitIds]],
      ['id', ids],
    ] as const) {
      if (values === undefined) continue;
      if (values.length === 0) return [];
      where.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    }
    const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
    const session = sqlSession(manager);
    const rows = await session.get(
      query(`SELECT ${ROW_COLUMNS} FROM cadre${filter} ORDER BY id`, params, (found) =>
        found.map(toRow),
      ),
    );
    const entries = await session.get(
      query(
        `SELECT ${ENTRY_COLUMNS} FROM cadre_entry WHERE cadre_id IN (SELECT id FROM cadre${filter}) ORDER BY cadre_id, seq`,
        params,
        (found) => found.map(toEntry),
      ),
    );
    const byCadre = new Map<string, CadreEntryView[]>();
    for (const entry of entries) {
      const list = byCadre.get(entry.cadreId);
      if (list) list.push(entry);
      else byCadre.set(entry.cadreId, [entry]);
    }
    return rows.map((row) => ({ row, entries: byCadre.get(row.id) ?? [] }));
  }

  async page(manager: EntityManager, scope: Scope, list: CadreListQuery): Promise<CadrePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!scope.everywhere) {
      if (scope.unitIds.size === 0) return { items: [], nextCursor: null };
      where.push(`unit_id IN (${[...scope.unitIds].map(() => '?').join(', ')})`);
      params.push(...scope.unitIds);
    }
    if (list.unit !== undefined) {
      where.push('unit_id = ?');
      params.push(list.unit);
    }
    if (list.q !== undefined && list.q.trim() !== '') {
      const pattern = `%${searchText(list.q.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(`(full_name_search LIKE ? ESCAPE '\\' OR lower(code) LIKE ? ESCAPE '\\')`);
      params.push(pattern, pattern);
    }
    if (list.cursor !== undefined) {
      const [name, id] = decodeCursor(list.cursor, ['string', 'string']);
      where.push('(full_name_search > ? OR (full_name_search = ? AND id > ?))');
      params.push(name, name, id);
    }
    const rows = await sqlSession(manager).get(
      query(
        `SELECT id, code, full_name AS "fullName", unit_id AS "unitId", post_title AS "postTitle",
           full_name_search AS "search" FROM cadre` +
          (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
          ' ORDER BY full_name_search, id LIMIT ?',
        [...params, list.limit + 1],
        (found) => found,
      ),
    );
    const page = rows.slice(0, list.limit);
    const items = page.map((row) => ({
      id: row['id'] as string,
      code: row['code'] as string,
      fullName: row['fullName'] as string,
      unitId: row['unitId'] as string,
      postTitle: (row['postTitle'] as string | null) ?? null,
    }));
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > list.limit && last
          ? encodeCursor([last['search'] as string, last['id'] as string])
          : null,
    };
  }

  /**
   * Applies drafts by code (CadreDraft): a new code creates the cadre; a known one gets only
   * what differs from its current record (a changed person supersedes the current one; an item
   * not yet in a register is added). The same drafts applied twice change nothing. A draft does
   * not move a known cadre to another unit.
   */
  async applyDrafts(
    manager: EntityManager,
    drafts: readonly CadreDraft[],
    actor: RegistryActor,
  ): Promise<DraftsApplied> {
    const cadres: Array<DraftsApplied['cadres'][number]> = [];
    for (const draft of drafts) {
      const row = await this.byCode(manager, draft.code);
      if (!row) {
        const entries = draftEntries(draft, undefined);
        const created = await this.create(manager, draft, entries, actor);
        cadres.push({
          code: draft.code,
          id: created.id,
          outcome: 'created',
          entries: entries.length,
        });
        continue;
      }
      const current = await this.entries(manager, row.id);
      const record = cadreAsOf(current.map(toRegistryEntry), row);
      const entries = draftEntries(draft, record);
      if (entries.length > 0) await this.append(manager, row.id, entries, actor);
      cadres.push({
        code: draft.code,
        id: row.id,
        outcome: entries.length > 0 ? 'changed' : 'unchanged',
        entries: entries.length,
      });
    }
    const count = (outcome: string) => cadres.filter((c) => c.outcome === outcome).length;
    return {
      created: count('created'),
      changed: count('changed'),
      unchanged: count('unchanged'),
      cadres,
    };
  }

  /** The cadre, locked until the transaction ends (PostgreSQL; SQLite's is exclusive already). */
  private async lock(manager: EntityManager, cadreId: string): Promise<CadreRow | null> {
    const session = sqlSession(manager);
    const lock = session.postgres ? ' FOR UPDATE' : '';
    return session.get(
      query(`SELECT ${ROW_COLUMNS} FROM cadre WHERE id = ?${lock}`, [cadreId], ([row]) =>
        row ? toRow(row) : null,
      ),
    );
  }
}
