/**
 * The read log (SPEC §1): whoever reads a case, a cadre or an export is itself recorded. Reads
 * that run in a transaction record themselves with `ReadLogStore.record(manager, …)` in it (one
 * insert, no extra round trip of its own); `record` here is for reads that have none (an export
 * about to stream, a digest), and `page` answers GET /api/read-log.
 */
import { Injectable } from '@nestjs/common';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { Clock } from '../common/clock.js';
import { Transactions } from '../database/transactions.js';
import {
  ReadLogStore,
  type ReadKind,
  type ReadLogPage,
  type ReadLogQuery,
} from './read-log.store.js';

@Injectable()
export class ReadLogService {
  constructor(
    private readonly transactions: Transactions,
    private readonly store: ReadLogStore,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a read by `principal` in a transaction of its own. `unitId` defaults to the
   * reader's scope unit: an export or a digest covers its scope.
   */
  async record(
    principal: AuthenticatedPrincipal,
    kind: ReadKind,
    target: string,
    unitId: string | null = principal.scopeUnitId,
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    await this.transactions.run((manager) =>
      this.store.record(manager, { principalId: principal.id, kind, target, unitId, at }),
    );
  }

  /** The entries the caller may see (of its scope), newest first. */
  async page(principal: AuthenticatedPrincipal, query: ReadLogQuery): Promise<ReadLogPage> {
    return this.transactions.run((manager) => this.store.page(manager, principal.scope, query));
  }
}
