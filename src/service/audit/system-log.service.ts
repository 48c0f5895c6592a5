import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { Transactions } from '../database/transactions.js';
import type { ChainVerification } from '../history/chain.js';
import { SystemLogEntryEntity } from './system-log-entry.entity.js';
import { SystemChainVerifier, toSystemLogView, type SystemLogEntryView } from './system-log.js';

export interface SystemLogPage {
  readonly items: SystemLogEntryView[];
  readonly nextCursor: string | null;
}

/** Entries per read while the whole log is verified: each batch is one short transaction. */
const VERIFY_BATCH_SIZE = 1000;

/** The system log for auditors: pages oldest first, and verification of its one chain. */
@Injectable()
export class SystemLogService {
  constructor(private readonly transactions: Transactions) {}

  async list(limit: number, cursor?: string): Promise<SystemLogPage> {
    const [after] = cursor === undefined ? [0] : decodeCursor(cursor, ['natural']);
    const rows = await this.read(after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
  }

  async verify(): Promise<ChainVerification> {
    const verifier = new SystemChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await this.read(after, VERIFY_BATCH_SIZE);
      if (!verifier.add(rows)) break;
      const last = rows[rows.length - 1];
      if (rows.length < VERIFY_BATCH_SIZE || !last) break;
      after = last.seq;
      await new Promise((resolve) => setImmediate(resolve));
    }
    return verifier.result();
  }

  private async read(afterSeq: number, limit: number): Promise<SystemLogEntryView[]> {
    const rows = await this.transactions.read((manager) =>
      manager
        .getRepository(SystemLogEntryEntity)
        .createQueryBuilder('s')
        .where('s.seq > :afterSeq', { afterSeq })
        .orderBy('s.seq', 'ASC')
        .limit(limit)
        .getMany(),
    );
    return rows.map(toSystemLogView);
  }
}
