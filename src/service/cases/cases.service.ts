import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  render,
  startWorkflow,
  vietnamDate,
  stepWorkflow,
  transitionEvaluates,
  type Actor,
  type CompiledWorkflow,
  type JsonObject,
  type StepResult,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { AppError } from '../common/app-error.js';
import { invalidField } from '../common/validation.js';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { Metrics } from '../metrics/metrics.js';
import { AppConfigService } from '../config/app-config.service.js';
import { sqlSession } from '../database/sql.js';
import { Transactions } from '../database/transactions.js';
import { DeadlineCalendar } from '../deadlines/deadline-calendar.js';
import { DeadlineStore, type DeadlineRecord } from '../deadlines/deadline.store.js';
import { DeadlineEvents, type DeadlineEvent } from '../deadlines/deadline-events.js';
import {
  caseHeadDisagreement,
  nextEntry,
  verifyChain,
  type ChainVerification,
  type HistoryEntryView,
} from '../history/chain.js';
import type { HistoryHead } from '../history/history.store.js';
import { HistoryStore } from '../history/history.store.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';
import { CaseList, type CasePage, type ListCasesQuery } from './case-list.js';
import { caseNotFound } from './case-not-found.js';
import { replayCase, versionsOfHistory } from './case-replay.js';
import { CaseStore, headOf, type CaseRecord } from './case.store.js';
import { toCaseView, type CaseView } from './case-view.js';
import { IdempotencyStore } from './idempotency.store.js';
import { chooseVersion, type VersionRequest } from './version-choice.js';
import { assertMayWithdraw } from './withdrawal-scope.js';
import { messages } from '../common/messages.js';
import { ReadLogStore, type ReadKind } from '../read-log/read-log.store.js';
import { EVERYWHERE, inScope, type Scope } from '../units/scope.js';
import { UnitDirectory } from '../units/unit-directory.js';
import { CadresService } from '../cadres/cadres.service.js';
import { cadreNotFound } from '../cadres/cadre-access.js';
import {
  appointedPosts,
  fillSubject,
  outcomeWithRegistry,
  registryRefs,
  type RegistryFacts,
} from './registry-subject.js';

export type { CasePage, ListCasesQuery } from './case-list.js';

export interface OpenCaseCommand extends VersionRequest {
  readonly workflow: string;
  readonly subject: JsonObject;
  readonly data?: JsonObject;
  /** The case's unit: the opener's by default; any unit of the opener's scope. */
  readonly unitId?: string;
}

export interface SendEventCommand extends DeadlineEvent {
  readonly expectedRevision?: number;
}

/** The deadline scheduler, as it appears in history entries (`actorId: system`). */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'] };

const actorOf = (principal: AuthenticatedPrincipal): Actor => ({
  id: principal.id,
  roles: [...principal.roles],
});

/** The engine's refusal, its message in both languages (SPEC §3.6); code and details as they are. */
const refusalToError = (result: Extract<StepResult, { accepted: false }>): AppError =>
  new AppError(
    result.code,
    { en: result.reason, vi: render(result.message, 'vi') },
    result.details,
  );

/**
 * Refuses a subject, data or payload heavier than `maxBytes` in canonical-JSON UTF-8 bytes: what
 * the case row, its snapshot and its history entry store (and hash) is bounded.
 */
function assertWithinBytes(path: string, value: unknown, maxBytes: number): void {
  if (value === undefined) return;
  const bytes = Buffer.byteLength(canonicalJson(value), 'utf8');
  if (bytes <= maxBytes) return;
  throw invalidField(path, 'maxBytes', messages.tooManyBytes(path, bytes, maxBytes));
}

/**
 * Cases: every event is one transaction doing lock → pure step → history.append →
 * deadlines.apply → view. The reads of an event form one statement group and its writes
 * another (database/sql.ts): one round trip each on PostgreSQL.
 */
@Injectable()
export class CasesService implements DeadlineEvents {
  private readonly logger = new Logger(CasesService.name);

  constructor(
    private readonly transactions: Transactions,
    private readonly workflows: WorkflowRegistryService,
    private readonly calendar: DeadlineCalendar,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly cases: CaseStore,
    private readonly historyStore: HistoryStore,
    private readonly deadlines: DeadlineStore,
    private readonly idempotency: IdempotencyStore,
    private readonly caseList: CaseList,
    private readonly units: UnitDirectory,
    private readonly readLog: ReadLogStore,
    private readonly metrics: Metrics,
    private readonly registry: CadresService,
  ) {}

  /**
   * The subject with the cadres it names by `cadreId` filled from the registry as of today; each
   * must be in the opener's scope (else 404, as an unknown cadre).
   */
  private async subjectFromRegistry(
    principal: AuthenticatedPrincipal,
    subject: JsonObject,
    now: string,
  ): Promise<JsonObject> {
    const refs = registryRefs(subject);
    if (refs.length === 0) return subject;
    const facts = await this.transactions.run((manager) =>
      this.registry.factsFor(manager, principal.scope, refs, vietnamDate(now)),
    );
    const missing = refs.find((id) => facts[id] === undefined);
    if (missing !== undefined) throw cadreNotFound(missing);
    return fillSubject(subject, facts);
  }

  async open(principal: AuthenticatedPrincipal, command: OpenCaseCommand): Promise<CaseView> {
    assertWithinBytes('subject', command.subject, this.config.caseDataMaxBytes);
    assertWithinBytes('data', command.data, this.config.caseDataMaxBytes);
    const unitId = await this.unitOfNewCase(principal, command.unitId);
    const now = this.clock.now().toISOString();
    const { compiled, choice } = chooseVersion(
      command.workflow,
      await this.workflows.effectiveVersions(command.workflow),
      command,
      vietnamDate(now),
    );
    const actor = actorOf(principal);
    const opening = await this.subjectFromRegistry(principal, command.subject, now);
    const result = startWorkflow(compiled, {
      subject: opening,
      data: command.data ?? {},
      actor,
      now,
    });
    if (!result.accepted) throw refusalToError(result);
    const { key, version } = compiled.definition;
    const id = randomUUID();
    const { subject, data } = result.snapshot.context;
    const entry = nextEntry(null, {
      caseId: id,
      event: 'CREATE',
      from: null,
      to: result.to,
      actorId: actor.id,
      roles: actor.roles.filter((role) => role === 'clerk'),
      payload: {
        workflow: key,
        workflowVersion: version,
        version: choice as unknown as JsonObject,
        subject,
        data,
      },
      comment: null,
      outcome: null,
      at: now,
    });
    return this.transactions.run(async (manager) => {
      const applied = await this.deadlines.apply(id, [], result.effects, now, () =>
        this.calendar.within(manager),
      );
      const row: CaseRecord = {
        id,
        workflowKey: key,
        workflowVersion: version,
        state: result.to,
        status: 'active',
        finalState: null,
        revision: 1,
        subject,
        data,
        snapshot: result.snapshot,
        headHash: entry.hash,
        overdue: applied.overdue,
        unitId,
        createdBy: principal.id,
        createdAt: now,
        updatedAt: now,
      };
      await sqlSession(manager).write([
        this.cases.insert(row),
        this.historyStore.append(entry, key),
        ...applied.commands,
      ]);
      return toCaseView(compiled, row, applied.deadlines, actor, now);
    });
  }

  async sendEvent(
    principal: AuthenticatedPrincipal,
    caseId: string,
    command: SendEventCommand,
    idempotencyKey?: string,
  ): Promise<CaseView> {
    assertWithinBytes('payload', command.payload, this.config.caseDataMaxBytes);
    const actor = actorOf(principal);
    const requestHash =
      idempotencyKey === undefined
        ? ''
        : sha256Hex(canonicalJson({ route: `cases/${caseId}/events`, body: command }));
    return this.transactions.run(async (manager) => {
      const session = sqlSession(manager);
      // Lock first, then look for a previous response: a concurrent request with the same key
      // waits here for the first one's commit and then finds its record.
      const row = await this.lockCase(manager, caseId, principal.scope);
      const [head, deadlines, calendar, previous] =
        idempotencyKey === undefined
          ? [...(await session.read(...this.caseReads(caseId))), null]
          : await session.read(
              ...this.caseReads(caseId),
              this.idempotency.find(principal.id, idempotencyKey),
            );
      if (idempotencyKey !== undefined && previous) {
        if (previous.requestHash !== requestHash) throw idempotencyKeyReused(idempotencyKey);
        return JSON.parse(previous.response) as CaseView;
      }
      assertMayWithdraw(principal, command.type, row);
      if (command.expectedRevision !== undefined && command.expectedRevision !== row.revision) {
        throw new AppError(
          'REVISION_CONFLICT',
          messages.revisionStale(row.revision, command.expectedRevision),
          {
            expectedRevision: command.expectedRevision,
            currentRevision: row.revision,
          },
        );
      }
      const now = this.clock.now().toISOString();
      const step = await this.step(
        manager,
        row,
        { head, deadlines, calendar },
        actor,
        command,
        now,
      );
      const view = toCaseView(step.compiled, step.row, step.deadlines, actor, now);
      const recorded =
        idempotencyKey === undefined
          ? []
          : [
              this.idempotency.record(
                principal.id,
                idempotencyKey,
                requestHash,
                JSON.stringify(view),
                now,
              ),
            ];
      try {
        await this.save(manager, row, step, recorded);
      } catch (error) {
        // The same key at the same time on another case (that case's lock does not serialise
        // with this one): the other request recorded it first. This one is rolled back whole.
        if (idempotencyKey !== undefined && isUniqueViolation(error, 'idempotency_record')) {
          throw idempotencyKeyReused(idempotencyKey);
        }
        throw error;
      }
      return view;
    });
  }

  /**
   * Sends an event as the system actor (the deadline scheduler) inside the caller's open
   * transaction, through the same path as a principal's event: lock, pure step, revision + 1,
   * history entry with actor `system`, deadline effects. A refusal throws an AppError before
   * anything is written.
   */
  async sendSystemEvent(
    manager: EntityManager,
    caseId: string,
    command: DeadlineEvent,
    now: string,
  ): Promise<void> {
    // The scheduler acts for the whole system: no scope limits it.
    const row = await this.lockCase(manager, caseId, EVERYWHERE);
    const [head, deadlines, calendar] = await sqlSession(manager).read(...this.caseReads(caseId));
    const step = await this.step(
      manager,
      row,
      { head, deadlines, calendar },
      SYSTEM_ACTOR,
      command,
      now,
    );
    await this.save(manager, row, step, []);
  }

  // Reads go through runInTransaction too: on SQLite the one connection may be inside another
  // request's open transaction, whose uncommitted rows a read must not see.
  async get(principal: AuthenticatedPrincipal, caseId: string): Promise<CaseView> {
    return this.transactions.run(async (manager) => {
      const row = await this.readCase(manager, principal, caseId, 'case');
      const deadlines = await sqlSession(manager).get(this.deadlines.listFor(caseId));
      const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
      return toCaseView(
        compiled,
        row,
        deadlines,
        actorOf(principal),
        this.clock.now().toISOString(),
      );
    });
  }

  /** The cases of the caller's scope (or of `query.unit`'s subtree, inside it), newest first. */
  async list(principal: AuthenticatedPrincipal, query: ListCasesQuery): Promise<CasePage> {
    const scope = await this.units.narrow(principal.scope, query.unit);
    return this.transactions.run((manager) =>
      this.caseList.page(manager, actorOf(principal), scope, query, this.clock.now().toISOString()),
    );
  }

  /**
   * The case's entries, oldest first, as the caller may read them (404 outside its scope); the
   * read is recorded as `kind` (`history`, or `diagram` for the diagram drawn from it).
   */
  async history(
    principal: AuthenticatedPrincipal,
    caseId: string,
    kind: ReadKind = 'history',
  ): Promise<HistoryEntryView[]> {
    return this.transactions.run(async (manager) => {
      await this.readCase(manager, principal, caseId, kind);
      return sqlSession(manager).get(this.historyStore.readCase(caseId));
    });
  }

  /**
   * Recomputes the case's chain, checks the row against its last entry, and replays the history
   * through the engine (see case-replay.ts). A break is logged as an integrity alarm.
   */
  async verify(principal: AuthenticatedPrincipal, caseId: string): Promise<ChainVerification> {
    const verification = await this.transactions.run(async (manager) => {
      const row = await this.readCase(manager, principal, caseId, 'verify');
      const entries = await sqlSession(manager).get(this.historyStore.readCase(caseId));
      const chain = verifyChain(entries, headOf(row));
      if (!chain.valid) return chain;
      const versions = new Map<number, CompiledWorkflow>();
      for (const version of versionsOfHistory(entries)) {
        // A version the history names but the registry lacks breaks the replay (below).
        const compiled = await this.workflows.find(row.workflowKey, version);
        if (compiled) versions.set(version, compiled);
      }
      return replayCase(versions, row, entries) ?? chain;
    });
    if (!verification.valid) {
      this.logger.error(
        `integrity alarm: case ${caseId} fails verification at entry ${verification.brokenAt}: ${verification.reason}`,
      );
    }
    return verification;
  }

  /**
   * The pure step and everything it will write: the entry after the history's head, the case
   * row's next state, the deadlines' next state. Refused (nothing written) with CASE_INCONSISTENT
   * when the row disagrees with its last entry — someone moved the case in the database without
   * an entry — or with the engine's refusal.
   */
  /**
   * What an event reads of its case once the case is locked (one round trip on PostgreSQL): the
   * history's head, the deadlines, and which calendar is in force (the lock covers it).
   */
  private caseReads(caseId: string) {
    return [
      this.historyStore.head(caseId),
      this.deadlines.listFor(caseId),
      this.calendar.version(),
    ] as const;
  }

  private async step(
    manager: EntityManager,
    row: CaseRecord,
    read: { head: HistoryHead | null; deadlines: readonly DeadlineRecord[]; calendar: string },
    actor: Actor,
    command: DeadlineEvent,
    now: string,
  ) {
    const { head, deadlines } = read;
    this.assertConsistent(row, head, actor, command.type);
    const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
    // Cadres named by cadreId: the registry as of the event's day, read only for a transition
    // whose eligibility rule reads it (and recorded in the entry's outcome then).
    const refs = registryRefs(row.subject);
    const asOf = vietnamDate(now);
    const registryFacts: RegistryFacts | undefined =
      refs.length > 0 && transitionEvaluates(compiled, row.snapshot, command.type, 'eligibility')
        ? await this.registry.factsFor(manager, null, refs, asOf)
        : undefined;
    const result = stepWorkflow(compiled, row.snapshot, {
      type: command.type,
      payload: command.payload ?? {},
      comment: command.comment ?? null,
      actor,
      now,
      ...(registryFacts === undefined ? {} : { registryFacts }),
    });
    // What the rules decided (a later failure of the write rolls back without a count change).
    this.metrics.transition(
      row.workflowKey,
      command.type,
      result.accepted ? 'accepted' : 'refused',
    );
    if (!result.accepted) throw refusalToError(result);
    const entry = nextEntry(head, {
      caseId: row.id,
      event: command.type,
      from: result.from,
      to: result.to,
      actorId: actor.id,
      roles: result.roles,
      payload: command.payload ?? {},
      comment: command.comment ?? null,
      outcome: outcomeWithRegistry(result.evaluations, registryFacts, asOf),
      at: now,
    });
    // The calendar lock is held since the case's (CaseStore.lock), and its version was read.
    const applied = await this.deadlines.apply(row.id, deadlines, result.effects, now, () =>
      this.calendar.at(manager, read.calendar),
    );
    const next: CaseRecord = {
      ...row,
      state: result.to,
      status: result.status,
      finalState: result.finalState,
      revision: row.revision + 1,
      snapshot: result.snapshot,
      headHash: entry.hash,
      overdue: applied.overdue,
      updatedAt: now,
    };
    return { compiled, entry, row: next, deadlines: applied.deadlines, commands: applied.commands };
  }

  /** One write group: the case row, its history entry, its deadlines (and a recorded response). */
  private async save(
    manager: EntityManager,
    row: CaseRecord,
    step: Awaited<ReturnType<CasesService['step']>>,
    more: ReturnType<IdempotencyStore['record']>[],
  ): Promise<void> {
    const [updated] = await sqlSession(manager).write([
      this.cases.saveStep(row.id, row.revision, step.row),
      this.historyStore.append(step.entry, row.workflowKey),
      ...step.commands,
      ...more,
    ]);
    if (updated !== 1) {
      throw new AppError('REVISION_CONFLICT', messages.caseChangedMeanwhile());
    }
    // The result written back to the registry, in the same transaction (SPEC §5.5, §7).
    for (const post of appointedPosts(
      row.subject,
      step.row.finalState,
      step.row.snapshot.context.facts,
    )) {
      await this.registry.recordPost(
        manager,
        post,
        { id: step.entry.actorId, now: step.entry.at },
        row.id,
      );
    }
  }

  private assertConsistent(
    row: CaseRecord,
    head: HistoryHead | null,
    actor: Actor,
    event: string,
  ): void {
    const disagreement = caseHeadDisagreement(headOf(row), head);
    if (disagreement === null) return;
    this.logger.error(
      `integrity alarm: case ${row.id} refused ${event} from ${actor.id}: the case row disagrees with its history (${disagreement})`,
    );
    throw new AppError('CASE_INCONSISTENT', messages.caseInconsistent(), {
      caseId: row.id,
      reason: disagreement,
    });
  }

  /**
   * The case as the caller may read it — 404 when it is unknown or outside its scope, the same
   * answer — with the read recorded in the read log, in the same transaction.
   */
  private async readCase(
    manager: EntityManager,
    principal: AuthenticatedPrincipal,
    caseId: string,
    kind: ReadKind,
  ): Promise<CaseRecord> {
    const row = await this.cases.find(manager, caseId, principal.scope);
    if (!row) throw caseNotFound(caseId);
    await this.readLog.record(manager, {
      principalId: principal.id,
      kind,
      target: caseId,
      unitId: row.unitId,
      at: this.clock.now().toISOString(),
    });
    return row;
  }

  private async lockCase(
    manager: EntityManager,
    caseId: string,
    scope: Scope,
  ): Promise<CaseRecord> {
    const row = await this.cases.lock(manager, caseId, scope);
    if (!row) throw caseNotFound(caseId);
    return row;
  }

  /**
   * The unit of a case a principal opens: its own, or the one it names inside its scope. A unit
   * outside the scope is answered exactly as an unknown one (400 on `unitId`, no hint).
   */
  private async unitOfNewCase(
    principal: AuthenticatedPrincipal,
    unitId: string | undefined,
  ): Promise<string> {
    if (unitId === undefined || unitId === principal.unitId) return principal.unitId;
    const tree = await this.units.tree();
    if (!tree.get(unitId) || !inScope(principal.scope, unitId)) {
      throw invalidField('unitId', 'unitExists', messages.unitUnknown('unitId'));
    }
    return unitId;
  }
}

function idempotencyKeyReused(idempotencyKey: string): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', messages.idempotencyKeyReused(), {
    idempotencyKey,
  });
}
