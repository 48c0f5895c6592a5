import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRow } from '../database/insert-row.js';
import type { HistoryEntryView } from './history-fields.js';
import {
  HistoryEntryEntity,
  historySelections,
  rawToHistoryView,
  toHistoryRow,
  toHistoryView,
  type RawHistoryRow,
} from './history-entry.entity.js';

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

/**
 * The case history's table: every read and write of `history_entry` goes through here, inside
 * the caller's transaction (`manager` from runInTransaction).
 */
@Injectable()
export class HistoryStore {
  /** Appends one entry; a second entry with the same (caseId, seq) is refused (unique violation). */
  async append(
    manager: EntityManager,
    entry: HistoryEntryView,
    workflowKey: string,
  ): Promise<void> {
    await insertRow(manager, HistoryEntryEntity, toHistoryRow(entry, workflowKey));
  }

  /** A case's entries, oldest first. */
  async readCase(manager: EntityManager, caseId: string): Promise<HistoryEntryView[]> {
    const rows = await manager
      .getRepository(HistoryEntryEntity)
      .find({ where: { caseId }, order: { seq: 'ASC' } });
    return rows.map(toHistoryView);
  }

  /** The last entry of a case; null when it has none. One indexed read. */
  async head(manager: EntityManager, caseId: string): Promise<HistoryHead | null> {
    const last = await manager
      .getRepository(HistoryEntryEntity)
      .createQueryBuilder('h')
      .select(['h.seq', 'h.to', 'h.hash'])
      .where('h.case_id = :caseId', { caseId })
      .orderBy('h.seq', 'DESC')
      .limit(1)
      .getOne();
    return last ? { seq: last.seq, to: last.to, hash: last.hash } : null;
  }

  /** The head of every case's chain, by caseId. */
  async heads(manager: EntityManager): Promise<CaseChainHead[]> {
    const rows: Array<{ caseId: string; seq: number | string; head: string }> = await manager.query(
      `SELECT h.case_id AS "caseId", h.seq AS "seq", h.hash AS "head"
         FROM history_entry h
        WHERE h.seq = (SELECT MAX(m.seq) FROM history_entry m WHERE m.case_id = h.case_id)
        ORDER BY h.case_id`,
    );
    return rows.map((row) => ({ caseId: row.caseId, seq: Number(row.seq), head: row.head }));
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
    const rows: HistoryEntryView[] = [];
    let bytes = 0;
    let position = after;
    for (;;) {
      const wanted = Math.min(READ_CHUNK, bounds.limit - rows.length + 1);
      const chunk = await this.readChunk(manager, filter, position, wanted);
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
    const maxSeq = Math.max(0, ...caseIds.map((id) => upTo.get(id) ?? 0));
    const rows = await this.selectEntries(manager)
      .where('h.case_id IN (:...caseIds)', { caseIds: [...caseIds] })
      .andWhere('h.seq <= :maxSeq', { maxSeq })
      .orderBy('h.case_id', 'ASC')
      .addOrderBy('h.seq', 'ASC')
      .getRawMany<RawHistoryRow>();
    const byCase = new Map<string, HistoryEntryView[]>();
    for (const row of rows) {
      const entry = rawToHistoryView(row);
      if (entry.seq > (upTo.get(entry.caseId) ?? 0)) continue;
      const list = byCase.get(entry.caseId);
      if (list) list.push(entry);
      else byCase.set(entry.caseId, [entry]);
    }
    return byCase;
  }

  /** Every column of an entry, as raw rows (hydrating entities was most of an export's cost). */
  private selectEntries(manager: EntityManager) {
    return historySelections('h').reduce(
      (builder, [selection, field], index) =>
        index === 0 ? builder.select(selection, field) : builder.addSelect(selection, field),
      manager.getRepository(HistoryEntryEntity).createQueryBuilder('h'),
    );
  }

  private async readChunk(
    manager: EntityManager,
    filter: HistoryFilter,
    after: HistoryPosition | null,
    limit: number,
  ): Promise<HistoryEntryView[]> {
    const builder = this.selectEntries(manager)
      .orderBy('h.at', 'ASC')
      .addOrderBy('h.case_id', 'ASC')
      .addOrderBy('h.seq', 'ASC')
      .limit(limit);
    if (filter.workflow !== undefined)
      builder.andWhere('h.workflow_key = :workflow', { workflow: filter.workflow });
    if (filter.actor !== undefined)
      builder.andWhere('h.actor_id = :actor', { actor: filter.actor });
    if (filter.event !== undefined) builder.andWhere('h.event = :event', { event: filter.event });
    if (filter.from !== undefined) builder.andWhere('h.at >= :from', { from: filter.from });
    if (filter.to !== undefined) builder.andWhere('h.at < :to', { to: filter.to });
    if (after) {
      builder.andWhere(
        '(h.at > :afterAt OR (h.at = :afterAt AND (h.case_id > :afterCase OR ' +
          '(h.case_id = :afterCase AND h.seq > :afterSeq))))',
        { afterAt: after.at, afterCase: after.caseId, afterSeq: after.seq },
      );
    }
    const rows = await builder.getRawMany<RawHistoryRow>();
    return rows.map(rawToHistoryView);
  }
}
