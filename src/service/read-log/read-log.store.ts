/**
 * The `read_log` table: `record` adds one row in the caller's transaction (one prepared insert,
 * in the transaction of the read it records), `page` lists them newest first.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { command, sqlSession } from '../database/sql.js';
import type { Scope } from '../units/scope.js';
import { ReadLogEntity } from './read-log.entity.js';

/** What was read: a case (its view), its history (or diagram), its verification, an export… */
export type ReadKind =
  'case' | 'history' | 'diagram' | 'verify' | 'export' | 'digest' | 'cadre' | (string & {});

export interface ReadRecord {
  readonly principalId: string;
  readonly kind: ReadKind;
  /** A case or cadre id, or the query of an export (cut to TARGET_MAX_LENGTH characters). */
  readonly target: string;
  /** The unit of what was read; null when it has none. */
  readonly unitId: string | null;
  readonly at: string;
}

export interface ReadLogEntry extends ReadRecord {
  readonly id: string;
}

export interface ReadLogQuery {
  readonly principalId?: string;
  readonly target?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface ReadLogPage {
  readonly items: ReadLogEntry[];
  readonly nextCursor: string | null;
}

export const TARGET_MAX_LENGTH = 1000;
export const KIND_MAX_LENGTH = 20;

@Injectable()
export class ReadLogStore {
  /** Records one read inside the caller's transaction (`manager` from Transactions.run). */
  async record(manager: EntityManager, read: ReadRecord): Promise<void> {
    await sqlSession(manager).run(
      command(
        `INSERT INTO read_log (id, principal_id, at, kind, target, unit_id) VALUES (?, ?, ?, ?, ?, ?)`,
        [
          randomUUID(),
          read.principalId,
          read.at,
          read.kind.slice(0, KIND_MAX_LENGTH),
          read.target.slice(0, TARGET_MAX_LENGTH),
          read.unitId,
        ],
      ),
    );
  }

  /** Entries newest first, of the units of `scope` only (every entry when it is EVERYWHERE). */
  async page(manager: EntityManager, scope: Scope, query: ReadLogQuery): Promise<ReadLogPage> {
    const builder = manager
      .getRepository(ReadLogEntity)
      .createQueryBuilder('r')
      .orderBy('r.at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .take(query.limit + 1);
    if (!scope.everywhere) {
      builder.andWhere('r.unit_id IN (:...units)', { units: [...scope.unitIds] });
    }
    if (query.principalId !== undefined)
      builder.andWhere('r.principal_id = :principalId', { principalId: query.principalId });
    if (query.target !== undefined)
      builder.andWhere('r.target = :target', { target: query.target });
    if (query.cursor !== undefined) {
      const [cursorAt, cursorId] = decodeCursor(query.cursor, ['string', 'string']);
      builder.andWhere('(r.at < :cursorAt OR (r.at = :cursorAt AND r.id < :cursorId))', {
        cursorAt,
        cursorId,
      });
    }
    const rows = await builder.getMany();
    const items = rows.slice(0, query.limit).map((row) => ({
      id: row.id,
      principalId: row.principalId,
      at: row.at,
      kind: row.kind,
      target: row.target,
      unitId: row.unitId,
    }));
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.at, last.id]) : null,
    };
  }
}
