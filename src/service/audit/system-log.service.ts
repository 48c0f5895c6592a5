import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { runInTransaction } from '../database/transaction-runner.js';
import type { ChainVerification } from './hash-chain.js';
import { SystemLogEntryEntity } from './system-log-entry.entity.js';
import { SystemChainVerifier, toSystemLogView, type SystemLogEntryView } from './system-log.js';

export interface SystemLogPage {
  readonly items: SystemLogEntryView[];
  readonly nextCursor: string | null;
}

/** Entries per read while the whole log is verified: each batch is one short transaction. */
const VERIFY_BATCH_SIZE = 1000;

const cursorError = () =>
  new AppError('VALIDATION_FAILED', 'cursor is not a cursor this API returned', {
    errors: [{ path: 'cursor', constraint: 'isCursor', message: 'cursor is not valid' }],
  });

const encodeCursor = (seq: number): string =>
  Buffer.from(JSON.stringify([seq]), 'utf8').toString('base64url');

function decodeCursor(cursor: string): number {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw cursorError();
  }
  // Within the range of the seq column on both databases (a larger one would be a 500 on PG).
  if (
    Array.isArray(value) &&
    value.length === 1 &&
    Number.isInteger(value[0]) &&
    (value[0] as number) >= 0 &&
    (value[0] as number) <= 2_147_483_647
  ) {
    return value[0] as number;
  }
  throw cursorError();
}

/** The system log for auditors: pages oldest first, and verification of its one chain. */
@Injectable()
export class SystemLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(limit: number, cursor?: string): Promise<SystemLogPage> {
    const after = cursor === undefined ? 0 : decodeCursor(cursor);
    const rows = await this.read(after, limit + 1);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
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
    const rows = await runInTransaction(this.dataSource, (manager) =>
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
