import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';
import { HistoryEntryEntity } from '../cases/history-entry.entity.js';
import { toHistoryView } from '../cases/cases.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isPositiveInt32 } from '../common/int32.js';
import { runInTransaction } from '../database/transaction-runner.js';
import {
  buildDigest,
  digestSelfProblems,
  headProblem,
  type ChainAtSeq,
  type ChainDigest,
  type ChainHead,
  type DigestProblem,
  type DigestVerification,
} from './chain-digest.js';
import { CSV_HEADER, entryToCsv, entryToNdjson, type ExportFormat } from './export-format.js';
import { verifyChain, type HistoryEntryView } from './hash-chain.js';

/** The filters of GET /api/audit/transitions; `from` inclusive, `to` exclusive, both ISO instants. */
export interface TransitionFilter {
  readonly workflow?: string;
  readonly actor?: string;
  readonly event?: string;
  readonly from?: string;
  readonly to?: string;
}

export interface TransitionPage {
  readonly items: HistoryEntryView[];
  readonly nextCursor: string | null;
}

interface Position {
  readonly at: string;
  readonly caseId: string;
  readonly seq: number;
}

/** Rows per read of an export: each batch is one short transaction. */
export const EXPORT_BATCH_SIZE = 1000;
/** Heads per transaction when an earlier digest is checked. */
const DIGEST_CASES_PER_TRANSACTION = 100;

const cursorError = () =>
  new AppError('VALIDATION_FAILED', 'cursor is not a cursor this API returned', {
    errors: [{ path: 'cursor', constraint: 'isCursor', message: 'cursor is not valid' }],
  });

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.caseId, position.seq]), 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): Position {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    isPositiveInt32(value[2])
  ) {
    return { at: value[0], caseId: value[1], seq: value[2] };
  }
  throw cursorError();
}

/** What a case's chain (all its rows, by seq) says at the seq of a digest's head. */
function chainAt(head: ChainHead, rows: readonly HistoryEntryEntity[]): ChainAtSeq {
  const upTo = rows.filter((row) => row.seq <= head.seq);
  if (rows.length === 0) return { kind: 'case-missing' };
  const verification = verifyChain(upTo.map(toHistoryView));
  if (!verification.valid) return { kind: 'broken', ...verification };
  const last = upTo[upTo.length - 1];
  if (!last || last.seq < head.seq) return { kind: 'entry-missing', lastSeq: last?.seq ?? 0 };
  return { kind: 'ok', hash: last.hash };
}

/**
 * The auditor's view across cases: history entries filtered and paged oldest first by
 * (at, caseId, seq), streamed exports of a whole selection, and chain-head digests.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async transitions(
    filter: TransitionFilter,
    limit: number,
    cursor?: string,
  ): Promise<TransitionPage> {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const rows = await runInTransaction(this.dataSource, (manager) =>
      this.readBatch(manager, filter, after, limit + 1),
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Every entry of the selection, oldest first, one short transaction per batch (keyset). */
  async *entries(filter: TransitionFilter): AsyncGenerator<HistoryEntryView[]> {
    let after: Position | null = null;
    for (;;) {
      const position: Position | null = after;
      const rows: HistoryEntryView[] = await runInTransaction(this.dataSource, (manager) =>
        this.readBatch(manager, filter, position, EXPORT_BATCH_SIZE),
      );
      if (rows.length > 0) yield rows;
      const last: HistoryEntryView | undefined = rows[rows.length - 1];
      if (rows.length < EXPORT_BATCH_SIZE || !last) return;
      after = { at: last.at, caseId: last.caseId, seq: last.seq };
    }
  }

  /**
   * The selection as a byte stream: one chunk per batch, and the next batch is read only when
   * the client has taken the previous one (backpressure), so memory stays flat at any size.
   */
  exportStream(filter: TransitionFilter, format: ExportFormat): Readable {
    const render = format === 'csv' ? entryToCsv : entryToNdjson;
    const entries = this.entries(filter);
    async function* chunks(): AsyncGenerator<Buffer> {
      if (format === 'csv') yield Buffer.from(CSV_HEADER, 'utf8');
      for await (const batch of entries) yield Buffer.from(batch.map(render).join(''), 'utf8');
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
  }

  /** The head of every chain now, with their Merkle root (see chain-digest.ts). */
  async digest(): Promise<ChainDigest> {
    return runInTransaction(this.dataSource, async (manager) => {
      const rows: Array<{ caseId: string; seq: number | string; head: string }> =
        await manager.query(
          `SELECT h.case_id AS "caseId", h.seq AS "seq", h.hash AS "head"
             FROM history_entry h
            WHERE h.seq = (SELECT MAX(m.seq) FROM history_entry m WHERE m.case_id = h.case_id)
            ORDER BY h.case_id`,
        );
      const heads: ChainHead[] = rows.map((row) => ({
        caseId: row.caseId,
        seq: Number(row.seq),
        head: row.head,
      }));
      return buildDigest(this.clock.now().toISOString(), heads);
    });
  }

  /**
   * Proves that nothing recorded before an earlier digest changed: each of its heads is still the
   * hash at that seq of a chain that verifies up to it, and its root recomputes.
   */
  async verifyDigest(digest: ChainDigest): Promise<DigestVerification> {
    const problems = digestSelfProblems(digest);
    for (let i = 0; i < digest.heads.length; i += DIGEST_CASES_PER_TRANSACTION) {
      const slice = digest.heads.slice(i, i + DIGEST_CASES_PER_TRANSACTION);
      const found = await runInTransaction(this.dataSource, (manager) =>
        this.headProblems(manager, slice),
      );
      for (const problem of found) if (problem) problems.push(problem);
    }
    return { valid: problems.length === 0, checked: digest.heads.length, problems };
  }

  /** One query for a slice of heads: each chain up to its head's seq, checked. */
  private async headProblems(
    manager: EntityManager,
    heads: readonly ChainHead[],
  ): Promise<Array<DigestProblem | null>> {
    const rows = await manager
      .getRepository(HistoryEntryEntity)
      .createQueryBuilder('h')
      .where('h.case_id IN (:...caseIds)', { caseIds: [...new Set(heads.map((h) => h.caseId))] })
      .orderBy('h.case_id', 'ASC')
      .addOrderBy('h.seq', 'ASC')
      .getMany();
    const byCase = new Map<string, HistoryEntryEntity[]>();
    for (const row of rows) {
      const list = byCase.get(row.caseId);
      if (list) list.push(row);
      else byCase.set(row.caseId, [row]);
    }
    return heads.map((head) => headProblem(head, chainAt(head, byCase.get(head.caseId) ?? [])));
  }

  private async readBatch(
    manager: EntityManager,
    filter: TransitionFilter,
    after: Position | null,
    limit: number,
  ): Promise<HistoryEntryView[]> {
    // Raw rows, not entities: hydrating TypeORM entities was most of an export's cost.
    const builder = manager
      .getRepository(HistoryEntryEntity)
      .createQueryBuilder('h')
      .select('h.seq', 'seq')
      .addSelect('h.case_id', 'caseId')
      .addSelect('h.at', 'at')
      .addSelect('h.event', 'event')
      .addSelect('h.from_state', 'fromState')
      .addSelect('h.to_state', 'toState')
      .addSelect('h.actor_id', 'actorId')
      .addSelect('h.roles', 'roles')
      .addSelect('h.payload', 'payload')
      .addSelect('h.comment', 'comment')
      .addSelect('h.outcome', 'outcome')
      .addSelect('h.prev_hash', 'prevHash')
      .addSelect('h.hash', 'hash')
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

interface RawHistoryRow {
  seq: number | string;
  caseId: string;
  at: string;
  event: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  roles: string;
  payload: string;
  comment: string | null;
  outcome: string | null;
  prevHash: string;
  hash: string;
}

/** The JSON columns hold `JSON.stringify` text (TypeORM simple-json); read them back as such. */
function rawToHistoryView(row: RawHistoryRow): HistoryEntryView {
  return {
    seq: Number(row.seq),
    caseId: row.caseId,
    at: row.at,
    event: row.event,
    from: row.fromState,
    to: row.toState,
    actorId: row.actorId,
    roles: JSON.parse(row.roles) as string[],
    payload: JSON.parse(row.payload) as JsonObject,
    comment: row.comment,
    outcome: row.outcome === null ? null : (JSON.parse(row.outcome) as JsonObject),
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
