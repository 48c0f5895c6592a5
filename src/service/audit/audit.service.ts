import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { Transactions } from '../database/transactions.js';
import { verifyChain, type HistoryEntryView } from '../history/chain.js';
import {
  HistoryStore,
  type BoundedRead,
  type LinesRead,
  type HistoryFilter,
  type HistoryPosition,
} from '../history/history.store.js';
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
import { CSV_HEADER, entryToCsv, type ExportFormat } from './export-format.js';
import { digestSignatureValid, signDigest } from './signing-key.js';
import { SigningKeyService } from './signing-key.service.js';

/** The filters of GET /api/audit/transitions; `from` inclusive, `to` exclusive, both ISO instants. */
export type TransitionFilter = HistoryFilter;

export interface TransitionPage {
  readonly items: HistoryEntryView[];
  readonly nextCursor: string | null;
}

/** Rows per read of an export: each batch is one short transaction. */
export const EXPORT_BATCH_SIZE = 1000;
/** An export batch also ends once its entries pass this many bytes (as JSON). */
export const EXPORT_BATCH_BYTES = 4 * 1024 * 1024;
/** A JSON page ends early once its entries pass this many bytes; nextCursor continues it. */
export const PAGE_BYTES = 1024 * 1024;
/** Heads per transaction when an earlier digest is checked. */
const DIGEST_CASES_PER_TRANSACTION = 100;

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
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly signing: SigningKeyService,
    private readonly history: HistoryStore,
  ) {}

  async transitions(
    filter: TransitionFilter,
    limit: number,
    cursor?: string,
  ): Promise<TransitionPage> {
    const after = cursor === undefined ? null : positionOf(cursor);
    const { rows, more } = await this.transactions.run((manager) =>
      this.history.readBatch(manager, filter, after, { limit, maxBytes: PAGE_BYTES }),
    );
    const last = rows[rows.length - 1];
    return {
      items: rows,
      nextCursor: more && last ? encodeCursor([last.at, last.caseId, last.seq]) : null,
    };
  }

  /** Every entry of the selection, oldest first, one short transaction per batch (keyset). */
  async *entries(filter: TransitionFilter): AsyncGenerator<BoundedRead> {
    let after: HistoryPosition | null = null;
    for (;;) {
      const position: HistoryPosition | null = after;
      const batch: BoundedRead = await this.transactions.run((manager) =>
        this.history.readBatch(manager, filter, position, {
          limit: EXPORT_BATCH_SIZE,
          maxBytes: EXPORT_BATCH_BYTES,
        }),
      );
      const rows = batch.rows;
      if (rows.length > 0) yield batch;
      const last: HistoryEntryView | undefined = rows[rows.length - 1];
      if (!batch.more || !last) return;
      after = { at: last.at, caseId: last.caseId, seq: last.seq };
    }
  }

  /**
   * Every entry of the selection as NDJSON lines (entryToNdjson's text, written from the stored
   * columns: HistoryStore.readLines), batched as `entries`.
   */
  async *lines(filter: TransitionFilter): AsyncGenerator<string[]> {
    let after: HistoryPosition | null = null;
    for (;;) {
      const position: HistoryPosition | null = after;
      const batch: LinesRead = await this.transactions.run((manager) =>
        this.history.readLines(manager, filter, position, {
          limit: EXPORT_BATCH_SIZE,
          maxBytes: EXPORT_BATCH_BYTES,
        }),
      );
      if (batch.lines.length > 0) yield batch.lines;
      if (!batch.more || !batch.last) return;
      after = batch.last;
    }
  }

  /**
   * The selection as a byte stream: one chunk per batch, and the next batch is read only when
   * the client has taken the previous one (backpressure), so memory stays flat at any size.
   */
  exportStream(filter: TransitionFilter, format: ExportFormat): Readable {
    const lines = format === 'ndjson' ? this.lines(filter) : null;
    const entries = format === 'csv' ? this.entries(filter) : null;
    async function* chunks(): AsyncGenerator<Buffer> {
      if (entries) {
        yield Buffer.from(CSV_HEADER, 'utf8');
        for await (const batch of entries)
          yield Buffer.from(batch.rows.map(entryToCsv).join(''), 'utf8');
      }
      if (lines)
        for await (const batch of lines) yield Buffer.from(`${batch.join('\n')}\n`, 'utf8');
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
  }

  /**
   * The head of every chain now, with their Merkle root (see chain-digest.ts); the chains of the
   * cases of `unitIds` only, when given (a scoped auditor's digest covers its scope).
   */
  async digest(unitIds?: readonly string[]): Promise<ChainDigest> {
    return this.transactions.run(async (manager) => {
      const heads: ChainHead[] = await this.history.heads(manager, unitIds);
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
  async verifyDigest(
    digest: ChainDigest,
    unitIds?: readonly string[],
  ): Promise<DigestVerification> {
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
      const read = await this.transactions.run((manager) =>
        this.history.readChains(manager, slice, highest, unitIds),
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
}

/** The audit order's position a cursor holds: (at, caseId, seq). */
function positionOf(cursor: string): HistoryPosition {
  const [at, caseId, seq] = decodeCursor(cursor, ['string', 'string', 'positive']);
  return { at, caseId, seq };
}
