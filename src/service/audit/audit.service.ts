import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource, EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';
import { HistoryEntryEntity } from '../cases/history-entry.entity.js';
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
import { digestSignatureValid, signDigest } from './signing-key.js';
import { SigningKeyService } from './signing-key.service.js';

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
/** An export batch also ends once its entries pass this many bytes (as JSON). */
export const EXPORT_BATCH_BYTES = 4 * 1024 * 1024;
/** A JSON page ends early once its entries pass this many bytes; nextCursor continues it. */
export const PAGE_BYTES = 1024 * 1024;
/** Rows per query while a bounded page or batch is read. */
const READ_CHUNK = 100;
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

/** A case's chain read up to the highest seq a digest names, verified once. */
interface CheckedChain {
  readonly rows: readonly HistoryEntryView[];
  /** The seq of the first bad entry; null when the chain verifies up to its last row. */
  readonly brokenAt: number | null;
  readonly reason: string;
}

function checkChain(rows: readonly HistoryEntryView[]): CheckedChain {
  const verification = verifyChain(rows);
  return verification.valid
    ? { rows, brokenAt: null, reason: '' }
    : { rows, brokenAt: verification.brokenAt, reason: verification.reason };
}

/** What a checked chain says at the seq of one of a digest's heads. */
function chainAt(head: ChainHead, chain: CheckedChain | undefined): ChainAtSeq {
  if (!chain || chain.rows.length === 0) return { kind: 'case-missing' };
  if (chain.brokenAt !== null && chain.brokenAt <= head.seq) {
    return { kind: 'broken', brokenAt: chain.brokenAt, reason: chain.reason };
  }
  // Below the first bad entry (or in a valid chain) the rows are seq 1, 2, … without a gap.
  const entry = chain.rows[head.seq - 1];
  if (!entry || entry.seq !== head.seq) {
    const last = chain.rows[chain.rows.length - 1];
    return { kind: 'entry-missing', lastSeq: last?.seq ?? 0 };
  }
  return { kind: 'ok', hash: entry.hash };
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The auditor's view across cases: history entries filtered and paged oldest first by
 * (at, caseId, seq), streamed exports of a whole selection, and chain-head digests.
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly signing: SigningKeyService,
  ) {}

  async transitions(
    filter: TransitionFilter,
    limit: number,
    cursor?: string,
  ): Promise<TransitionPage> {
    const after = cursor === undefined ? null : decodeCursor(cursor);
    const { rows, more } = await runInTransaction(this.dataSource, (manager) =>
      this.readBounded(manager, filter, after, limit, PAGE_BYTES),
    );
    const last = rows[rows.length - 1];
    return { items: rows, nextCursor: more && last ? encodeCursor(last) : null };
  }

  /** Every entry of the selection, oldest first, one short transaction per batch (keyset). */
  async *entries(filter: TransitionFilter): AsyncGenerator<HistoryEntryView[]> {
    let after: Position | null = null;
    for (;;) {
      const position: Position | null = after;
      const batch: BoundedRead = await runInTransaction(this.dataSource, (manager) =>
        this.readBounded(manager, filter, position, EXPORT_BATCH_SIZE, EXPORT_BATCH_BYTES),
      );
      const rows = batch.rows;
      if (rows.length > 0) yield rows;
      const last: HistoryEntryView | undefined = rows[rows.length - 1];
      if (!batch.more || !last) return;
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
      const digest = buildDigest(this.clock.now().toISOString(), heads);
      const key = this.signing.key;
      const signed = { ...digest, keyId: key.keyId };
      return { ...signed, signature: signDigest(signed, key) };
    });
  }

  /** The signature problems of a digest sent back; `signed` when its signature is valid. */
  private signatureCheck(digest: ChainDigest): { signed: boolean; problems: DigestProblem[] } {
    if (digest.signature === undefined && digest.keyId === undefined) {
      return { signed: false, problems: [] };
    }
    const key = this.signing.key;
    if (digest.keyId !== key.keyId) {
      return {
        signed: false,
        problems: [
          {
            code: 'KEY_UNKNOWN',
            reason: `the digest names the key ${String(digest.keyId)}, not this service's key ${key.keyId}`,
          },
        ],
      };
    }
    const fields = { at: digest.at, cases: digest.cases, root: digest.root, keyId: digest.keyId };
    if (
      digest.signature === undefined ||
      !digestSignatureValid(fields, digest.signature, key.publicKey)
    ) {
      return {
        signed: false,
        problems: [
          {
            code: 'SIGNATURE_INVALID',
            reason:
              'the signature does not match the digest: it was altered, or not signed by this key',
          },
        ],
      };
    }
    return { signed: true, problems: [] };
  }

  /**
   * Proves that nothing recorded before an earlier digest changed: each of its heads is still the
   * hash at that seq of a chain that verifies up to it, and its root recomputes.
   *
   * The work is linear in the database, never in the document: the heads are deduplicated by
   * case, each chain is read and verified once up to the highest seq the digest names, and the
   * event loop gets a turn between cases (reads are short transactions, hashing is outside them).
   */
  async verifyDigest(digest: ChainDigest): Promise<DigestVerification> {
    const signature = this.signatureCheck(digest);
    const problems = [...signature.problems, ...digestSelfProblems(digest)];
    const highest = new Map<string, number>();
    for (const head of digest.heads) {
      highest.set(head.caseId, Math.max(head.seq, highest.get(head.caseId) ?? 0));
    }
    const caseIds = [...highest.keys()];
    const chains = new Map<string, CheckedChain>();
    for (let i = 0; i < caseIds.length; i += DIGEST_CASES_PER_TRANSACTION) {
      const slice = caseIds.slice(i, i + DIGEST_CASES_PER_TRANSACTION);
      const read = await runInTransaction(this.dataSource, (manager) =>
        this.readChains(manager, slice, highest),
      );
      for (const caseId of slice) {
        await yieldToEventLoop();
        chains.set(caseId, checkChain(read.get(caseId) ?? []));
      }
    }
    for (const head of digest.heads) {
      const problem = headProblem(head, chainAt(head, chains.get(head.caseId)));
      if (problem) problems.push(problem);
    }
    return {
      valid: problems.length === 0,
      checked: digest.heads.length,
      signed: signature.signed,
      problems,
    };
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
    return manager
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
      .addSelect('h.hash', 'hash');
  }

  /**
   * Up to `maxRows` entries after `after`, stopping early once they pass `maxBytes` (as JSON; at
   * least one entry is always taken), read in small chunks so that memory follows the budget.
   */
  private async readBounded(
    manager: EntityManager,
    filter: TransitionFilter,
    after: Position | null,
    maxRows: number,
    maxBytes: number,
  ): Promise<BoundedRead> {
    const rows: HistoryEntryView[] = [];
    let bytes = 0;
    let position = after;
    for (;;) {
      const wanted = Math.min(READ_CHUNK, maxRows - rows.length + 1);
      const chunk = await this.readBatch(manager, filter, position, wanted);
      for (const row of chunk) {
        if (rows.length === maxRows || (rows.length > 0 && bytes >= maxBytes)) {
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

  private async readBatch(
    manager: EntityManager,
    filter: TransitionFilter,
    after: Position | null,
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

interface BoundedRead {
  readonly rows: HistoryEntryView[];
  /** Whether entries follow the last row. */
  readonly more: boolean;
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
