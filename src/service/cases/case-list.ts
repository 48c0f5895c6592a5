/** The case list: filters, newest first, keyset pages bounded in rows and bytes. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../../engine/index.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { AppConfigService } from '../config/app-config.service.js';
import { DeadlineStore } from '../deadlines/deadline.store.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';
import { CaseEntity } from './case.entity.js';
import type { Scope } from '../units/scope.js';
import type { CaseRecord } from './case.store.js';
import { toCaseView, type CaseView } from './case-view.js';

export interface ListCasesQuery {
  readonly workflow?: string;
  readonly state?: string;
  readonly status?: 'active' | 'completed';
  readonly overdue?: boolean;
  /** The cases of this unit's subtree (checked against the caller's scope by CasesService). */
  readonly unit?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface CasePage {
  readonly items: CaseView[];
  readonly nextCursor: string | null;
}

@Injectable()
export class CaseList {
  constructor(
    private readonly workflows: WorkflowRegistryService,
    private readonly deadlines: DeadlineStore,
    private readonly config: AppConfigService,
  ) {}

  async page(
    manager: EntityManager,
    caller: Actor,
    scope: Scope,
    query: ListCasesQuery,
    now: string,
  ): Promise<CasePage> {
    const builder = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(query.limit + 1);
    // The caller's scope (or the `unit` asked for within it): the cases of those units only.
    if (!scope.everywhere) {
      if (scope.unitIds.size === 0) builder.andWhere('1 = 0');
      else builder.andWhere('c.unit_id IN (:...units)', { units: [...scope.unitIds] });
    }
    if (query.workflow !== undefined)
      builder.andWhere('c.workflow_key = :workflow', { workflow: query.workflow });
    if (query.state !== undefined) {
      // A state matches itself and its sub-states: `vote` finds `vote.ballot` and `vote.tie`.
      builder.andWhere('(c.state = :state OR c.state LIKE :statePrefix)', {
        state: query.state,
        statePrefix: `${query.state.replace(/[%_]/g, '')}.%`,
      });
    }
    if (query.status !== undefined)
      builder.andWhere('c.status = :status', { status: query.status });
    // Written as a literal: the overdue cases have a partial index (WHERE overdue = 1), which a
    // bound parameter could not use.
    if (query.overdue !== undefined)
      builder.andWhere(query.overdue ? 'c.overdue = 1' : 'c.overdue = 0');
    if (query.cursor !== undefined) {
      const [cursorAt, cursorId] = decodeCursor(query.cursor, ['string', 'string']);
      builder.andWhere(
        '(c.created_at < :cursorAt OR (c.created_at = :cursorAt AND c.id < :cursorId))',
        { cursorAt, cursorId },
      );
    }
    const rows: CaseRecord[] = await builder.getMany();
    const page = rows.slice(0, query.limit);
    const deadlines = await this.deadlines.listForCases(
      manager,
      page.map((row) => row.id),
    );
    // A page is bounded in bytes as well as rows: it stops once its items weigh the budget (the
    // first item is always given, so the cursor moves on).
    const budget = this.config.casePageMaxBytes;
    const items: CaseView[] = [];
    let bytes = 0;
    let last: CaseRecord | undefined;
    for (const row of page) {
      if (items.length > 0 && bytes >= budget) break;
      const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
      const view = toCaseView(compiled, row, deadlines.get(row.id) ?? [], caller, now);
      bytes += Buffer.byteLength(JSON.stringify(view), 'utf8');
      items.push(view);
      last = row;
    }
    const more = rows.length > items.length;
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }
}
