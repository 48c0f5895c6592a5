import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  isCivilDate,
  type CivilDate,
  cadreAsOf,
  type CadreDraft,
  type CadreRecord,
  type PostHeld,
  subjectFactsOn,
  type JsonObject,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { messages } from '../common/messages.js';
import { invalidField, validationFailed, type ValidationProblem } from '../common/validation.js';
import { Transactions } from '../database/transactions.js';
import { ReadLogStore } from '../read-log/read-log.store.js';
import { UnitDirectory } from '../units/unit-directory.js';
import { appendSystemEntry } from '../audit/system-log.js';
import { EVERYWHERE, type Scope } from '../units/scope.js';
import type { ChainVerification } from '../history/chain.js';
import {
  assertCadreVisible,
  assertUnitInScope,
  cadreNotFound,
  readsFullRecord,
  seesUnit,
} from './cadre-access.js';
import { toRegistryEntry, verifyCadreChain, type CadreEntryView } from './cadre-chain.js';
import { draftProblems, parseAppendEntries, parseCadreDraft } from './cadre-schemas.js';
import {
  CadreStore,
  type CadreListItem,
  type CadreListQuery,
  type CadrePage,
  type CadreRow,
  type DraftsApplied,
  type RegistryActor,
} from './cadre.store.js';

/** A full record, as of a day (null: today), with the head of the cadre's chain. */
export type CadreView =
  | (CadreRecord & { readonly view: 'full'; readonly asOf: CivilDate | null })
  | (CadreListItem & { readonly view: 'summary' });

export interface ImportResult extends DraftsApplied {
  readonly dryRun: boolean;
}

/** Rolls back a dry run's transaction, carrying what it would have done. */
class DryRun extends Error {
  constructor(readonly result: DraftsApplied) {
    super('dry run');
  }
}

export function parseAsOf(value: string | undefined): CivilDate | undefined {
  if (value === undefined) return undefined;
  if (!isCivilDate(value)) throw invalidField('asOf', 'isDate', messages.asOfNotADate(value));
  return value;
}

/**
 * The cadre registry (SPEC §7): every write is one transaction through CadreStore, which chains
 * each entry into the cadre's own history; every read answers only inside the caller's scope.
 */
@Injectable()
export class CadresService {
  private readonly logger = new Logger(CadresService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly store: CadreStore,
    private readonly units: UnitDirectory,
    private readonly readLog: ReadLogStore,
  ) {}

  /**
   * Creates a cadre, or applies the draft to the cadre of the same code (CadreDraft): 201 when
   * created, 200 otherwise. The unit defaults to the caller's and must be in its scope.
   */
  async create(
    principal: AuthenticatedPrincipal,
    body: unknown,
  ): Promise<{ created: boolean; view: CadreView }> {
    const parsed = parseCadreDraft(body);
    const draft: CadreDraft = { ...parsed, unitId: parsed.unitId ?? principal.unitId };
    assertUnitInScope(principal, draft.unitId);
    const actor = this.actorOf(principal);
    return this.transactions.run(async (manager) => {
      const existing = await this.store.byCode(manager, draft.code);
      if (existing && !seesUnit(principal, existing.unitId)) {
        throw new AppError('REGISTRY_CONFLICT', messages.cadreCodeTaken(draft.code), {
          code: draft.code,
        });
      }
      const applied = await this.store.applyDrafts(manager, [draft], actor);
      const id = applied.cadres[0]?.id as string;
      const view = await this.viewOf(manager, principal, id, undefined);
      return { created: applied.created === 1, view };
    });
  }

  /** The cadres of the caller's scope, or of `list.unit`'s subtree inside it. */
  async list(principal: AuthenticatedPrincipal, list: CadreListQuery): Promise<CadrePage> {
    const scope = await this.units.narrow(principal.scope, list.unit);
    const { unit: _unit, ...rest } = list;
    return this.transactions.run((manager) => this.store.page(manager, scope, rest));
  }

  /** The cadre as of `asOf` (default: now): the full record or, for other roles, its summary. */
  async get(
    principal: AuthenticatedPrincipal,
    cadreId: string,
    asOf?: CivilDate,
  ): Promise<CadreView> {
    return this.transactions.run(async (manager) => {
      const view = await this.viewOf(manager, principal, cadreId, asOf);
      await this.recordRead(
        manager,
        principal,
        view,
        asOf === undefined ? 'cadre' : `cadre@${asOf}`,
      );
      return view;
    });
  }

  /** Appends entries (new items, corrections, withdrawals) in one transaction; the full record after. */
  async appendEntries(
    principal: AuthenticatedPrincipal,
    cadreId: string,
    body: unknown,
  ): Promise<CadreView> {
    const entries = parseAppendEntries(body);
    const actor = this.actorOf(principal);
    return this.transactions.run(async (manager) => {
      await this.visibleRow(manager, principal, cadreId);
      await this.store.append(manager, cadreId, entries, actor);
      return this.viewOf(manager, principal, cadreId, undefined);
    });
  }

  async history(principal: AuthenticatedPrincipal, cadreId: string): Promise<CadreEntryView[]> {
    return this.transactions.run(async (manager) => {
      const row = await this.visibleRow(manager, principal, cadreId);
      await this.recordRead(manager, principal, row, 'cadre-history');
      return this.store.entries(manager, cadreId);
    });
  }

  /** Recomputes the cadre's chain and checks its row; a break is logged as an integrity alarm. */
  async verify(principal: AuthenticatedPrincipal, cadreId: string): Promise<ChainVerification> {
    const verification = await this.transactions.run(async (manager) => {
      const row = await this.visibleRow(manager, principal, cadreId);
      await this.recordRead(manager, principal, row, 'cadre-verify');
      const entries = await this.store.entries(manager, cadreId);
      return verifyCadreChain(cadreId, entries, row);
    });
    if (!verification.valid) {
      this.logger.error(
        `integrity alarm: cadre ${cadreId} fails verification at entry ${verification.brokenAt}: ${verification.reason}`,
      );
    }
    return verification;
  }

  /**
   * Applies drafts (an import's rows) in ONE transaction: every draft valid and of a unit in the
   * caller's scope, else nothing is written and every problem is listed by row (`rows[i]…`).
   * A dry run computes the same counts and writes nothing.
   */
  async importDrafts(
    principal: AuthenticatedPrincipal,
    drafts: readonly CadreDraft[],
    options: {
      readonly dryRun: boolean;
      /** The import as a system-log entry, in the same transaction (a real import only). */
      readonly log?: { readonly target: string; readonly payload: JsonObject };
    },
  ): Promise<ImportResult> {
    const problems: ValidationProblem[] = [];
    drafts.forEach((draft, index) => {
      const found = draftProblems(draft, `rows[${index}]`);
      problems.push(...found);
      if (found.length === 0 && !seesUnit(principal, draft.unitId)) {
        problems.push({
          path: `rows[${index}].unitId`,
          constraint: 'inScope',
          message: messages.unitOutOfScope(draft.unitId).en,
        });
      }
    });
    if (problems.length > 0) throw validationFailed(problems);
    const actor = this.actorOf(principal);
    try {
      const applied = await this.transactions.run(async (manager) => {
        const outside: ValidationProblem[] = [];
        for (const [index, draft] of drafts.entries()) {
          const existing = await this.store.byCode(manager, draft.code);
          if (existing && !seesUnit(principal, existing.unitId)) {
            outside.push({
              path: `rows[${index}].code`,
              constraint: 'codeTaken',
              message: messages.cadreCodeTaken(draft.code).en,
            });
          }
        }
        if (outside.length > 0) throw validationFailed(outside);
        const result = await this.store.applyDrafts(manager, drafts, actor);
        if (options.dryRun) throw new DryRun(result);
        if (options.log) {
          await appendSystemEntry(manager, {
            actorId: principal.id,
            action: 'cadre.import',
            target: options.log.target,
            payload: {
              ...options.log.payload,
              created: result.created,
              changed: result.changed,
              unchanged: result.unchanged,
            },
            at: actor.now,
          });
        }
        return result;
      });
      return { dryRun: false, ...applied };
    } catch (error) {
      if (error instanceof DryRun) return { dryRun: true, ...error.result };
      throw error;
    }
  }

  /**
   * Appends the post a case's decision gave a cadre (the case named on the entry), inside the
   * case event's transaction. Its unit: the one the case names, else the cadre's own.
   */
  async recordPost(
    manager: EntityManager,
    post: {
      readonly cadreId: string;
      readonly postTitle: string;
      readonly unitId?: string;
      readonly since: string;
      readonly termEndsOn?: string;
    },
    actor: RegistryActor,
    caseId: string,
  ): Promise<void> {
    const row = await this.store.read(manager, post.cadreId);
    if (!row) throw cadreNotFound(post.cadreId);
    const data: PostHeld = {
      postTitle: post.postTitle,
      unitId: post.unitId ?? row.unitId,
      since: post.since,
      ...(post.termEndsOn === undefined ? {} : { termEndsOn: post.termEndsOn }),
      caseId,
    };
    await this.store.append(manager, post.cadreId, [{ kind: 'post', data }], actor, caseId);
  }

  /**
   * The subject facts of SPEC §5.1 the registry gives for each cadre on `measuringDate` (entries
   * recorded by that day), for a case's rules, read together (two statements): by id, leaving out
   * a cadre unknown, outside the scope (null: no limit) or not yet in the registry then. Runs in
   * the caller's transaction.
   */
  async factsFor(
    manager: EntityManager,
    scope: Scope | null,
    cadreIds: readonly string[],
    measuringDate: CivilDate,
  ): Promise<Record<string, JsonObject>> {
    const facts: Record<string, JsonObject> = {};
    for (const { row, entries } of await this.store.withEntries(
      manager,
      scope ?? EVERYWHERE,
      cadreIds,
    )) {
      const record = cadreAsOf(entries.map(toRegistryEntry), row, measuringDate);
      if (record) facts[row.id] = subjectFactsOn(record, measuringDate);
    }
    return facts;
  }

  private actorOf(principal: AuthenticatedPrincipal): RegistryActor {
    return { id: principal.id, now: this.clock.now().toISOString() };
  }

  /** Who read which cadre, when (SPEC §1: the read log), in the read's transaction. */
  private recordRead(
    manager: EntityManager,
    principal: AuthenticatedPrincipal,
    cadre: { readonly id: string; readonly unitId: string },
    kind: string,
  ): Promise<void> {
    return this.readLog.record(manager, {
      principalId: principal.id,
      kind,
      target: cadre.id,
      unitId: cadre.unitId,
      at: this.clock.now().toISOString(),
    });
  }

  private async visibleRow(
    manager: EntityManager,
    principal: AuthenticatedPrincipal,
    cadreId: string,
  ): Promise<CadreRow> {
    const row = await this.store.read(manager, cadreId);
    assertCadreVisible(principal, row, cadreId);
    return row;
  }

  private async viewOf(
    manager: EntityManager,
    principal: AuthenticatedPrincipal,
    cadreId: string,
    asOf: CivilDate | undefined,
  ): Promise<CadreView> {
    const row = await this.visibleRow(manager, principal, cadreId);
    if (!readsFullRecord(principal)) {
      return {
        view: 'summary',
        id: row.id,
        code: row.code,
        fullName: row.fullName,
        unitId: row.unitId,
        postTitle: row.postTitle,
      };
    }
    const entries = await this.store.entries(manager, cadreId);
    const record = cadreAsOf(entries.map(toRegistryEntry), row, asOf);
    // Not yet in the registry on that day: as unknown then.
    if (!record) throw cadreNotFound(cadreId);
    return { view: 'full', asOf: asOf ?? null, ...record };
  }
}
