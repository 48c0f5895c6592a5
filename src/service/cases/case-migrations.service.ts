/**
 * Moving running cases to another version of their workflow (SPEC §3.3: an admin's `MIGRATE`
 * entry; workflows/README.md "Versions and pinning"). The engine plans and applies the move
 * (`planMigration`, `applyMigration`); this service reads the case, answers dry runs, and records
 * a move as one transaction: the `MIGRATE` history entry carrying both versions, the authority's
 * document and the mapping, the case row on its new version, the deadlines on their new terms.
 */
import { Injectable } from '@nestjs/common';
import {
  applyMigration,
  planMigration,
  render,
  type CompiledWorkflow,
  type JsonObject,
  type MigrationPlan,
  type Message,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { Language } from '../common/language.js';
import { messages } from '../common/messages.js';
import { invalidField } from '../common/validation.js';
import { sqlSession } from '../database/sql.js';
import { Transactions } from '../database/transactions.js';
import { DeadlineCalendar } from '../deadlines/deadline-calendar.js';
import { DeadlineStore } from '../deadlines/deadline.store.js';
import { caseHeadDisagreement, nextEntry } from '../history/chain.js';
import { HistoryStore } from '../history/history.store.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';
import { caseNotFound } from './case-not-found.js';
import { MIGRATE_EVENT, type MigratePayload } from './case-replay.js';
import { toCaseView, type CaseView } from './case-view.js';
import { CaseStore, headOf, type CaseRecord } from './case.store.js';

export interface MigrationRequest {
  readonly toVersion: number;
  readonly stateMapping?: Readonly<Record<string, string>>;
}

export interface MigrateCommand extends MigrationRequest {
  readonly documentRef: string;
}

/** A reason or warning of a plan: the catalogue key and its words in the caller's language. */
export interface PlanNote {
  readonly code: string;
  readonly message: string;
}

/** A migration plan as the API answers it (reasons and warnings in words). */
export type MigrationReport = Omit<MigrationPlan, 'reasons' | 'warnings'> & {
  readonly caseId: string;
  readonly reasons: readonly PlanNote[];
  readonly warnings: readonly PlanNote[];
};

/** The bulk dry run over a key's running cases. */
export interface BulkMigrationReport {
  readonly key: string;
  readonly toVersion: number;
  readonly toRegulation: string;
  /** Running cases of the key, and how many of them could move / could not / are on it already. */
  readonly total: number;
  readonly possible: number;
  readonly notPossible: number;
  readonly alreadyOnTarget: number;
  readonly cases: ReadonlyArray<{
    readonly caseId: string;
    readonly fromVersion: number;
    readonly state: string;
    readonly possible: boolean;
    readonly to: string | null;
    readonly reasons: readonly PlanNote[];
  }>;
}

const notes = (list: readonly Message[], language: Language): PlanNote[] =>
  list.map((note) => ({ code: note.key, message: render(note, language) }));

const asJson = (value: unknown): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

function checkMapping(mapping: Readonly<Record<string, unknown>> | undefined): void {
  for (const [state, target] of Object.entries(mapping ?? {})) {
    if (typeof target !== 'string' || target.length === 0 || target.length > 300) {
      throw invalidField(`stateMapping.${state}`, 'isString', messages.stateMappingTarget(state));
    }
  }
}

@Injectable()
export class CaseMigrationsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly workflows: WorkflowRegistryService,
    private readonly calendar: DeadlineCalendar,
    private readonly clock: Clock,
    private readonly cases: CaseStore,
    private readonly historyStore: HistoryStore,
    private readonly deadlines: DeadlineStore,
  ) {}

  /** What moving the case would mean; nothing is written. */
  async dryRun(
    principal: AuthenticatedPrincipal,
    caseId: string,
    request: MigrationRequest,
    language: Language,
  ): Promise<MigrationReport> {
    checkMapping(request.stateMapping);
    return this.transactions.run(async (manager) => {
      const row = await this.cases.find(manager, caseId, principal.scope);
      if (!row) throw caseNotFound(caseId);
      const { plan } = await this.plan(row, request);
      return this.report(row, plan, language);
    });
  }

  /** The dry run over every running case of `key` not yet on `toVersion`. */
  async dryRunKey(
    principal: AuthenticatedPrincipal,
    key: string,
    request: MigrationRequest,
    language: Language,
  ): Promise<BulkMigrationReport> {
    checkMapping(request.stateMapping);
    const target = await this.workflows.get(key, request.toVersion);
    const rows = await this.transactions.run((manager) =>
      sqlSession(manager).get(this.cases.active(key, principal.scope)),
    );
    const cases: Array<BulkMigrationReport['cases'][number]> = [];
    let alreadyOnTarget = 0;
    for (const row of rows) {
      if (row.workflowVersion === request.toVersion) {
        alreadyOnTarget += 1;
        continue;
      }
      const from = await this.workflows.get(key, row.workflowVersion);
      const plan = planMigration(from, target, row.snapshot, this.options(request));
      cases.push({
        caseId: row.id,
        fromVersion: row.workflowVersion,
        state: plan.state.from,
        possible: plan.possible,
        to: plan.state.to,
        reasons: notes(plan.reasons, language),
      });
    }
    const possible = cases.filter((entry) => entry.possible).length;
    return {
      key,
      toVersion: request.toVersion,
      toRegulation: target.definition.regulation,
      total: rows.length,
      possible,
      notPossible: cases.length - possible,
      alreadyOnTarget,
      cases,
    };
  }

  /**
   * Moves the case, as one transaction: refused (nothing written) with RULE_NOT_SATISFIED and
   * the plan's reasons when the move is not possible, with CASE_INCONSISTENT when the row
   * disagrees with its history.
   */
  async migrate(
    principal: AuthenticatedPrincipal,
    caseId: string,
    command: MigrateCommand,
  ): Promise<CaseView> {
    checkMapping(command.stateMapping);
    const actor = { id: principal.id, roles: [...principal.roles] };
    return this.transactions.run(async (manager) => {
      const session = sqlSession(manager);
      const row = await this.cases.lock(manager, caseId, principal.scope);
      if (!row) throw caseNotFound(caseId);
      const [head, current, calendarVersion] = await session.read(
        this.historyStore.head(caseId),
        this.deadlines.listFor(caseId),
        this.calendar.version(),
      );
      const disagreement = caseHeadDisagreement(headOf(row), head);
      if (disagreement !== null) {
        throw new AppError('CASE_INCONSISTENT', messages.caseInconsistent(), {
          caseId,
          reason: disagreement,
        });
      }
      const { plan, to } = await this.plan(row, command);
      if (!plan.possible) {
        throw new AppError(
          'RULE_NOT_SATISFIED',
          messages.migrationNotPossible(caseId, command.toVersion, {
            en: plan.reasons.map((reason) => render(reason, 'en')),
            vi: plan.reasons.map((reason) => render(reason, 'vi')),
          }),
          {
            rule: 'migration',
            reason: plan.reasons.map((reason) => render(reason, 'en')).join('; '),
            reasons: notes(plan.reasons, 'en'),
          },
        );
      }
      const moved = applyMigration(to, row.snapshot, plan);
      const now = this.clock.now().toISOString();
      const payload: MigratePayload = {
        fromVersion: row.workflowVersion,
        toVersion: command.toVersion,
        documentRef: command.documentRef,
        stateMapping: { ...(command.stateMapping ?? {}) },
      };
      const entry = nextEntry(head, {
        caseId,
        event: MIGRATE_EVENT,
        from: plan.state.from,
        to: plan.state.to as string,
        actorId: actor.id,
        roles: actor.roles.filter((role) => role === 'admin'),
        payload: asJson(payload),
        comment: null,
        // What moving changed, for the record: the plan (its reasons empty, its warnings kept).
        outcome: asJson(plan),
        at: now,
      });
      const applied = await this.deadlines.apply(caseId, current, moved.effects, now, () =>
        this.calendar.at(manager, calendarVersion),
      );
      const next: CaseRecord = {
        ...row,
        workflowVersion: command.toVersion,
        state: plan.state.to as string,
        revision: row.revision + 1,
        snapshot: moved.snapshot,
        headHash: entry.hash,
        overdue: applied.overdue,
        updatedAt: now,
      };
      const [updated] = await session.write([
        this.cases.saveMigration(caseId, row.revision, next, command.toVersion),
        this.historyStore.append(entry, row.workflowKey),
        ...applied.commands,
      ]);
      if (updated !== 1) throw new AppError('REVISION_CONFLICT', messages.caseChangedMeanwhile());
      return toCaseView(to, next, applied.deadlines, actor, now);
    });
  }

  private options(request: MigrationRequest) {
    return request.stateMapping === undefined ? {} : { stateMapping: request.stateMapping };
  }

  private async plan(
    row: CaseRecord,
    request: MigrationRequest,
  ): Promise<{ plan: MigrationPlan; to: CompiledWorkflow }> {
    const from = await this.workflows.get(row.workflowKey, row.workflowVersion);
    const to = await this.workflows.get(row.workflowKey, request.toVersion);
    return { plan: planMigration(from, to, row.snapshot, this.options(request)), to };
  }

  private report(row: CaseRecord, plan: MigrationPlan, language: Language): MigrationReport {
    return {
      caseId: row.id,
      ...plan,
      reasons: notes(plan.reasons, language),
      warnings: notes(plan.warnings, language),
    };
  }
}
