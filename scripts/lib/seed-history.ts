/**
 * Seeds many cases with valid hash-chained histories, fast: multi-row INSERTs, not the API.
 * The append-only triggers allow INSERT. For the export memory measurement and the audit tests.
 * Seeded cases carry a placeholder snapshot: they are for the audit routes, not to be stepped.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  GENESIS_HASH,
  hashEntry,
  type HistoryEntryView,
  type UnhashedEntry,
} from '../../src/service/history/chain.js';
import { CaseEntity } from '../../src/service/cases/case.entity.js';
import {
  HistoryEntryEntity,
  toHistoryRow,
} from '../../src/service/history/history-entry.entity.js';
import { partial } from '../../src/service/database/insert-row.js';
import { runInTransaction } from '../../src/service/database/transaction-runner.js';

export interface SeedHistoryOptions {
  cases: number;
  entriesPerCase: number;
  /** The principal recorded as actor (any id: the history does not reference principals). */
  actorId: string;
  workflowKey?: string;
  workflowVersion?: number;
  /** The first entry's time; entries of different cases interleave in time. */
  start?: Date;
  /** Cases per transaction. */
  casesPerTransaction?: number;
}

export interface SeededHistory {
  caseIds: string[];
  entries: number;
}

const ROWS_PER_INSERT = 500;

/** The entries of one case: CREATE, then votes with an outcome, a comment needing CSV quotes. */
export function seededChain(
  caseId: string,
  caseIndex: number,
  entries: number,
  actorId: string,
  start: Date,
): HistoryEntryView[] {
  const chain: HistoryEntryView[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= entries; seq += 1) {
    // seq-major time: the export (oldest first) interleaves every case.
    const at = new Date(start.getTime() + seq * 3_600_000 + caseIndex * 10).toISOString();
    const first = seq === 1;
    const unhashed: UnhashedEntry = {
      seq,
      caseId,
      at,
      event: first ? 'CREATE' : 'RECORD_VOTE',
      from: first ? null : `vote.round${seq - 1}`,
      to: `vote.round${seq}`,
      actorId,
      roles: ['clerk'],
      payload: first
        ? { subject: { position: 'Giám đốc Sở', unit: `Sở số ${caseIndex}` } }
        : { summoned: 17, present: 15, inFavour: 9, against: 6 },
      comment: seq % 3 === 0 ? `Biên bản số ${seq}, "họp kín"\nđã ký` : null,
      outcome: first
        ? null
        : {
            vote: { quorumMet: true, base: 'TOTAL_MEMBERS', inFavour: 9, of: 17, result: 'PASSED' },
          },
      prevHash,
    };
    const hash = hashEntry(unhashed);
    chain.push({ ...unhashed, hash });
    prevHash = hash;
  }
  return chain;
}

async function insertCases(
  manager: EntityManager,
  options: Required<Omit<SeedHistoryOptions, 'start' | 'casesPerTransaction'>>,
  chains: HistoryEntryView[][],
): Promise<void> {
  for (const chain of chains) {
    const first = chain[0] as HistoryEntryView;
    const last = chain[chain.length - 1] as HistoryEntryView;
    // Placeholder snapshot: a seeded case is read by the audit routes, never stepped.
    const snapshot = {} as CaseEntity['snapshot'];
    await manager
      .createQueryBuilder()
      .insert()
      .into(CaseEntity)
      .values(
        partial<CaseEntity>({
          id: first.caseId,
          workflowKey: options.workflowKey,
          workflowVersion: options.workflowVersion,
          state: last.to,
          status: 'active',
          finalState: null,
          revision: chain.length,
          subject: first.payload,
          data: {},
          snapshot,
          headHash: last.hash,
          overdue: 0,
          createdBy: options.actorId,
          createdAt: first.at,
          updatedAt: last.at,
        }),
      )
      .execute();
  }
  const rows = chains
    .flat()
    .map((entry) => partial<HistoryEntryEntity>(toHistoryRow(entry, options.workflowKey)));
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(HistoryEntryEntity)
      .values(rows.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
}

export async function seedHistory(
  dataSource: DataSource,
  options: SeedHistoryOptions,
): Promise<SeededHistory> {
  const settings = {
    cases: options.cases,
    entriesPerCase: options.entriesPerCase,
    actorId: options.actorId,
    workflowKey: options.workflowKey ?? 'appointment',
    workflowVersion: options.workflowVersion ?? 1,
  };
  const start = options.start ?? new Date('2026-01-05T01:00:00.000Z');
  const perTransaction = options.casesPerTransaction ?? 200;
  const caseIds: string[] = [];
  for (let index = 0; index < options.cases; index += perTransaction) {
    const chains: HistoryEntryView[][] = [];
    for (let i = index; i < Math.min(index + perTransaction, options.cases); i += 1) {
      const caseId = randomUUID();
      caseIds.push(caseId);
      chains.push(seededChain(caseId, i, options.entriesPerCase, options.actorId, start));
    }
    await runInTransaction(dataSource, (manager) => insertCases(manager, settings, chains));
  }
  return { caseIds, entries: options.cases * options.entriesPerCase };
}
