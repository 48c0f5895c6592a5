import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  render,
  startWorkflow,
  stateValueToPath,
  stepWorkflow,
  type Actor,
  type CompiledWorkflow,
  type Effect,
  type JsonObject,
  type StepAccepted,
  type StepResult,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { AppError } from '../common/app-error.js';
import { invalidField } from '../common/validation.js';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor } from '../common/cursor.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { AppConfigService } from '../config/app-config.service.js';
import { isPostgres } from '../database/data-source-options.js';
import { insertRow, partial } from '../database/insert-row.js';
import { runInTransaction } from '../database/transaction-runner.js';
import {
  GENESIS_HASH,
  caseHeadDisagreement,
  nextEntry,
  verifyChain,
  type CaseHead,
  type ChainLink,
  type ChainVerification,
  type HistoryEntryView,
} from '../history/chain.js';
import { HistoryStore } from '../history/history.store.js';
import { WorkflowRegistryService } from '../workflows/workflow-registry.service.js';
import { caseNotFound } from './case-not-found.js';
import { CaseEntity } from './case.entity.js';
import { toCaseView, type CaseView } from './case-view.js';
import { DeadlineCalendar } from './deadline-calendar.js';
import { DeadlineEntity } from './deadline.entity.js';
import { IdempotencyRecordEntity } from './idempotency-record.entity.js';
import { assertMayWithdraw } from './withdrawal-scope.js';
import { messages } from '../common/messages.js';

export interface OpenCaseCommand {
  readonly workflow: string;
  readonly subject: JsonObject;
  readonly data?: JsonObject;
}

export interface SendEventCommand {
  readonly type: string;
  readonly payload?: JsonObject;
  readonly comment?: string;
  readonly expectedRevision?: number;
}

export interface ListCasesQuery {
  readonly workflow?: string;
  readonly state?: string;
  readonly status?: 'active' | 'completed';
  readonly overdue?: boolean;
  readonly limit: number;
  readonly cursor?: string;
}

export interface CasePage {
  readonly items: CaseView[];
  readonly nextCursor: string | null;
}

/** The deadline scheduler, as it appears in history entries (`actorId: system`). */
export const SYSTEM_ACTOR: Actor = { id: 'system', roles: ['system'] };

function actorOf(principal: AuthenticatedPrincipal): Actor {
  return { id: principal.id, roles: [...principal.roles] };
}

function idempotencyKeyReused(idempotencyKey: string): AppError {
  return new AppError('IDEMPOTENCY_KEY_REUSED', messages.idempotencyKeyReused(), {
    idempotencyKey,
  });
}

/** The engine's refusal, its message in both languages (SPEC §3.6); code and details as they are. */
function refusalToError(result: Extract<StepResult, { accepted: false }>): AppError {
  return new AppError(
    result.code,
    { en: result.reason, vi: render(result.message, 'vi') },
    result.details,
  );
}

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
 * Cases: opens them, applies events through the pure step function and persists the result —
 * case row, history entry, deadlines, idempotency record — in one transaction per event.
 */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly workflows: WorkflowRegistryService,
    private readonly calendar: DeadlineCalendar,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly historyStore: HistoryStore,
  ) {}

  async open(principal: AuthenticatedPrincipal, command: OpenCaseCommand): Promise<CaseView> {
    assertWithinBytes('subject', command.subject, this.config.caseDataMaxBytes);
    assertWithinBytes('data', command.data, this.config.caseDataMaxBytes);
    const compiled = await this.workflows.latest(command.workflow);
    const actor = actorOf(principal);
    const now = this.clock.now().toISOString();
    const result = startWorkflow(compiled, {
      subject: command.subject,
      data: command.data ?? {},
      actor,
      now,
    });
    if (!result.accepted) throw refusalToError(result);
    const { definition } = compiled;
    return runInTransaction(this.dataSource, async (manager) => {
      const row = manager.getRepository(CaseEntity).create({
        id: randomUUID(),
        workflowKey: definition.key,
        workflowVersion: definition.version,
        state: result.to,
        status: 'active',
        finalState: null,
        revision: 1,
        subject: result.snapshot.context.subject,
        data: result.snapshot.context.data,
        snapshot: result.snapshot,
        headHash: GENESIS_HASH,
        overdue: 0,
        createdBy: principal.id,
        createdAt: now,
        updatedAt: now,
      });
      const entry = nextEntry(null, {
        caseId: row.id,
        event: 'CREATE',
        from: null,
        to: result.to,
        actorId: actor.id,
        roles: actor.roles.filter((role) => role === 'clerk'),
        payload: {
          workflow: definition.key,
          workflowVersion: definition.version,
          subject: row.subject,
          data: row.data,
        },
        comment: null,
        outcome: null,
        at: now,
      });
      row.headHash = entry.hash;
      await insertRow(manager, CaseEntity, row);
      await this.historyStore.append(manager, entry, row.workflowKey);
      await this.applyEffects(manager, row, result.effects, now);
      return this.view(manager, compiled, row, actor, now);
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
    const requestHash = sha256Hex(
      canonicalJson({ route: `cases/${caseId}/events`, body: command }),
    );
    return runInTransaction(this.dataSource, async (manager) => {
      // Lock first, then look for a previous response: a concurrent request with the same key
      // waits here for the first one's commit and then finds its record.
      const row = await this.lockCase(manager, caseId);
      if (idempotencyKey !== undefined) {
        const previous = await manager
          .getRepository(IdempotencyRecordEntity)
          .findOneBy({ principalId: principal.id, idempotencyKey });
        if (previous) {
          if (previous.requestHash !== requestHash) throw idempotencyKeyReused(idempotencyKey);
          return JSON.parse(previous.response) as CaseView;
        }
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
      const compiled = await this.applyEvent(manager, row, actor, command, now);
      const body = await this.view(manager, compiled, row, actor, now);
      if (idempotencyKey !== undefined) {
        try {
          await manager.getRepository(IdempotencyRecordEntity).insert({
            principalId: principal.id,
            idempotencyKey,
            requestHash,
            statusCode: 200,
            response: JSON.stringify(body),
            createdAt: now,
          });
        } catch (error) {
          // The same key at the same time on another case (that case's lock does not serialise
          // with this one): the other request recorded it first. This one is rolled back whole.
          if (isUniqueViolation(error)) throw idempotencyKeyReused(idempotencyKey);
          throw error;
        }
      }
      return body;
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
    command: Pick<SendEventCommand, 'type' | 'payload' | 'comment'>,
    now: string,
  ): Promise<CaseEntity> {
    const row = await this.lockCase(manager, caseId);
    await this.applyEvent(manager, row, SYSTEM_ACTOR, command, now);
    return row;
  }

  /** The pure step, then its writes: case row, history entry, deadlines, overdue flag. */
  private async applyEvent(
    manager: EntityManager,
    row: CaseEntity,
    actor: Actor,
    command: Pick<SendEventCommand, 'type' | 'payload' | 'comment'>,
    now: string,
  ): Promise<CompiledWorkflow> {
    const head = await this.assertConsistent(manager, row, actor, command.type);
    const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
    const result = stepWorkflow(compiled, row.snapshot, {
      type: command.type,
      payload: command.payload ?? {},
      comment: command.comment ?? null,
      actor,
      now,
    });
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
      outcome: result.evaluations,
      at: now,
    });
    await this.saveStep(manager, row, result, entry, now);
    await this.historyStore.append(manager, entry, row.workflowKey);
    await this.applyEffects(manager, row, result.effects, now);
    // Only a change of deadlines can change whether the case is overdue.
    if (result.effects.length > 0) await this.refreshOverdue(manager, row);
    return compiled;
  }

  // Reads go through runInTransaction too: on SQLite the one connection may be inside another
  // request's open transaction, whose uncommitted rows a read must not see.
  async get(principal: AuthenticatedPrincipal, caseId: string): Promise<CaseView> {
    return runInTransaction(this.dataSource, async (manager) => {
      const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
      if (!row) throw caseNotFound(caseId);
      const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
      return this.view(manager, compiled, row, actorOf(principal), this.clock.now().toISOString());
    });
  }

  async list(principal: AuthenticatedPrincipal, query: ListCasesQuery): Promise<CasePage> {
    return runInTransaction(this.dataSource, (manager) => this.listIn(manager, principal, query));
  }

  private async listIn(
    manager: EntityManager,
    principal: AuthenticatedPrincipal,
    query: ListCasesQuery,
  ): Promise<CasePage> {
    const builder = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .take(query.limit + 1);
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
    if (query.overdue !== undefined)
      builder.andWhere('c.overdue = :overdue', { overdue: query.overdue ? 1 : 0 });
    if (query.cursor !== undefined) {
      const [cursorAt, cursorId] = decodeCursor(query.cursor, ['string', 'string']);
      builder.andWhere(
        '(c.created_at < :cursorAt OR (c.created_at = :cursorAt AND c.id < :cursorId))',
        { cursorAt, cursorId },
      );
    }
    const rows = await builder.getMany();
    const page = rows.slice(0, query.limit);
    const now = this.clock.now().toISOString();
    const actor = actorOf(principal);
    const deadlines = await this.deadlinesOf(
      manager,
      page.map((row) => row.id),
    );
    // A page is bounded in bytes as well as rows: it stops once its items weigh the budget (the
    // first item is always given, so the cursor moves on).
    const budget = this.config.casePageMaxBytes;
    const items: CaseView[] = [];
    let bytes = 0;
    let last: CaseEntity | undefined;
    for (const row of page) {
      if (items.length > 0 && bytes >= budget) break;
      const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
      const view = toCaseView(compiled, row, deadlines.get(row.id) ?? [], actor, now);
      bytes += Buffer.byteLength(JSON.stringify(view), 'utf8');
      items.push(view);
      last = row;
    }
    const more = rows.length > items.length;
    return { items, nextCursor: more && last ? encodeCursor([last.createdAt, last.id]) : null };
  }

  async history(caseId: string): Promise<HistoryEntryView[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      await this.requireCase(manager, caseId);
      return this.historyIn(manager, caseId);
    });
  }

  async verify(caseId: string): Promise<ChainVerification> {
    const verification = await runInTransaction(this.dataSource, async (manager) => {
      const row = await this.requireCase(manager, caseId);
      return this.verifyIn(row, await this.historyIn(manager, caseId));
    });
    if (!verification.valid) {
      this.logger.error(
        `integrity alarm: case ${caseId} fails verification at entry ${verification.brokenAt}: ${verification.reason}`,
      );
    }
    return verification;
  }

  private historyIn(manager: EntityManager, caseId: string): Promise<HistoryEntryView[]> {
    return this.historyStore.readCase(manager, caseId);
  }

  private async verifyIn(
    row: CaseEntity,
    entries: readonly HistoryEntryView[],
  ): Promise<ChainVerification> {
    const verification = verifyChain(entries, headOf(row));
    if (!verification.valid) return verification;
    const replayed = await this.replay(row, entries);
    return replayed ?? verification;
  }

  /**
   * Replays a case's whole history through the pure engine and compares the result with the
   * stored case: an edit of the snapshot that keeps its state (a recorded approval, a vote, a
   * fact) or of the subject or data shows here. Null when they agree, else the break.
   */
  private async replay(
    row: CaseEntity,
    entries: readonly HistoryEntryView[],
  ): Promise<Extract<ChainVerification, { valid: false }> | null> {
    const [opening, ...events] = entries;
    if (!opening) return null;
    const broken = (brokenAt: number, reason: string) =>
      ({ valid: false, brokenAt, reason }) as const;
    const payload = opening.payload;
    if (
      opening.event !== 'CREATE' ||
      payload['workflow'] !== row.workflowKey ||
      payload['workflowVersion'] !== row.workflowVersion
    ) {
      return broken(
        1,
        `entry 1 does not open this case on ${row.workflowKey} v${row.workflowVersion}`,
      );
    }
    if (
      canonicalJson(payload['subject'] ?? null) !== canonicalJson(row.subject) ||
      canonicalJson(payload['data'] ?? null) !== canonicalJson(row.data)
    ) {
      return broken(1, 'the case subject or data is not what entry 1 recorded when it was opened');
    }
    const compiled = await this.workflows.get(row.workflowKey, row.workflowVersion);
    const actorOfEntry = (entry: HistoryEntryView): Actor => ({
      id: entry.actorId,
      roles: [...entry.roles],
    });
    let result: StepResult = startWorkflow(compiled, {
      subject: payload['subject'],
      data: payload['data'],
      actor: actorOfEntry(opening),
      now: opening.at,
    });
    if (!result.accepted || result.to !== opening.to) {
      return broken(1, 'replaying entry 1 through the workflow does not open the case as recorded');
    }
    for (const entry of events) {
      result = stepWorkflow(compiled, result.snapshot, {
        type: entry.event,
        payload: entry.payload,
        comment: entry.comment,
        actor: actorOfEntry(entry),
        now: entry.at,
      });
      if (!result.accepted) {
        return broken(
          entry.seq,
          `replaying entry ${entry.seq} through the workflow is refused (${result.code}: ${result.reason})`,
        );
      }
      if (result.to !== entry.to) {
        return broken(
          entry.seq,
          `replaying entry ${entry.seq} through the workflow leads to "${result.to}", not "${entry.to}"`,
        );
      }
    }
    if (canonicalJson(result.snapshot) !== canonicalJson(row.snapshot)) {
      return broken(
        entries.length + 1,
        `the case's stored snapshot is not what its history leads to (approvals, votes, facts or deadlines were changed)`,
      );
    }
    return null;
  }

  /**
   * The step path's integrity check, one indexed read per event: the case row must agree with
   * its last history entry, else someone moved the case in the database without an entry.
   * Refused with CASE_INCONSISTENT and logged as an integrity alarm; nothing is written.
   * Returns the head of the history, which the next entry follows.
   */
  private async assertConsistent(
    manager: EntityManager,
    row: CaseEntity,
    actor: Actor,
    event: string,
  ): Promise<ChainLink | null> {
    const last = await this.historyStore.head(manager, row.id);
    const disagreement = caseHeadDisagreement(headOf(row), last);
    if (disagreement === null) return last;
    this.logger.error(
      `integrity alarm: case ${row.id} refused ${event} from ${actor.id}: the case row disagrees with its history (${disagreement})`,
    );
    throw new AppError('CASE_INCONSISTENT', messages.caseInconsistent(), {
      caseId: row.id,
      reason: disagreement,
    });
  }

  private async requireCase(manager: EntityManager, caseId: string): Promise<CaseEntity> {
    const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row) throw caseNotFound(caseId);
    return row;
  }

  private async lockCase(manager: EntityManager, caseId: string): Promise<CaseEntity> {
    // PostgreSQL: a row lock serialises writers across processes. SQLite: the transaction is
    // already exclusive (BEGIN IMMEDIATE), and TypeORM has no row lock for it.
    const row = await manager.getRepository(CaseEntity).findOne({
      where: { id: caseId },
      ...(isPostgres(this.dataSource) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!row) throw caseNotFound(caseId);
    return row;
  }

  private async saveStep(
    manager: EntityManager,
    row: CaseEntity,
    result: StepAccepted,
    entry: HistoryEntryView,
    now: string,
  ): Promise<void> {
    const update = {
      state: result.to,
      status: result.status,
      finalState: result.finalState,
      revision: row.revision + 1,
      snapshot: result.snapshot,
      headHash: entry.hash,
      updatedAt: now,
    };
    // The revision in the WHERE clause makes a lost update impossible even without the lock.
    const outcome = await manager
      .createQueryBuilder()
      .update(CaseEntity)
      .set(partial<CaseEntity>(update))
      .where('id = :id AND revision = :revision', { id: row.id, revision: row.revision })
      .execute();
    if (outcome.affected !== undefined && outcome.affected !== 1) {
      throw new AppError('REVISION_CONFLICT', messages.caseChangedMeanwhile());
    }
    Object.assign(row, update);
  }

  private async applyEffects(
    manager: EntityManager,
    row: CaseEntity,
    effects: readonly Effect[],
    now: string,
  ): Promise<void> {
    if (effects.length === 0) return;
    // Before any deadline row is written: on PostgreSQL this takes the calendar lock (shared).
    const dueDates = await this.calendar.within(manager);
    const repository = manager.getRepository(DeadlineEntity);
    for (const effect of effects) {
      if (effect.type === 'scheduleDeadline') {
        await repository.insert({
          id: randomUUID(),
          caseId: row.id,
          name: effect.name,
          stateId: effect.stateId,
          scope: effect.scope,
          startedAt: effect.startedAt,
          amount: effect.amount,
          unit: effect.unit,
          dueOn: dueDates.dueOn(effect.startedAt, effect.amount, effect.unit),
          onExpiry: effect.onExpiry,
          extensions: 0,
          status: 'pending',
          closedAt: null,
          firedAt: null,
        });
        continue;
      }
      const current = await this.openDeadline(manager, row.id, effect.name);
      if (!current) continue;
      if (effect.type === 'extendDeadline') {
        const dueOn = dueDates.dueOn(current.startedAt, effect.amount, current.unit);
        // An expired deadline extended to a day not yet past runs again (the case stops being overdue).
        const reopened =
          current.status === 'expired' && dueOn !== null && !this.calendar.isPast(dueOn, now);
        await repository.update(
          { id: current.id },
          {
            amount: effect.amount,
            extensions: effect.extensions,
            dueOn,
            ...(reopened ? { status: 'pending' as const, firedAt: null } : {}),
          },
        );
      } else {
        // Closed in time: met. Closed after its due day: it expired (whether or not fired yet).
        const late = current.dueOn !== null && this.calendar.isPast(current.dueOn, now);
        await repository.update(
          { id: current.id },
          {
            status: current.status === 'pending' ? (late ? 'expired' : 'met') : current.status,
            closedAt: now,
          },
        );
      }
    }
  }

  private async openDeadline(
    manager: EntityManager,
    caseId: string,
    name: string,
  ): Promise<DeadlineEntity | null> {
    return manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where('d.case_id = :caseId AND d.name = :name AND d.closed_at IS NULL', { caseId, name })
      .orderBy('d.started_at', 'DESC')
      .getOne();
  }

  /** A case is overdue while a deadline that marks it so has expired and is still open. */
  private async refreshOverdue(manager: EntityManager, row: CaseEntity): Promise<void> {
    const open = await manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where("d.case_id = :caseId AND d.closed_at IS NULL AND d.status = 'expired'", {
        caseId: row.id,
      })
      .getMany();
    const overdue = open.some((deadline) => 'markOverdue' in deadline.onExpiry) ? 1 : 0;
    if (overdue !== row.overdue) {
      await manager.getRepository(CaseEntity).update({ id: row.id }, { overdue });
      row.overdue = overdue;
    }
  }

  private async deadlinesOf(
    manager: EntityManager,
    caseIds: readonly string[],
  ): Promise<Map<string, DeadlineEntity[]>> {
    const byCase = new Map<string, DeadlineEntity[]>();
    if (caseIds.length === 0) return byCase;
    const rows = await manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where('d.case_id IN (:...caseIds)', { caseIds: [...caseIds] })
      .orderBy('d.started_at', 'ASC')
      .addOrderBy('d.name', 'ASC')
      .getMany();
    for (const deadline of rows)
      byCase.set(deadline.caseId, [...(byCase.get(deadline.caseId) ?? []), deadline]);
    return byCase;
  }

  private async view(
    manager: EntityManager,
    compiled: CompiledWorkflow,
    row: CaseEntity,
    actor: Actor,
    now: string,
  ): Promise<CaseView> {
    const deadlines = await this.deadlinesOf(manager, [row.id]);
    return toCaseView(compiled, row, deadlines.get(row.id) ?? [], actor, now);
  }
}

/** What the case row says about the end of its history. */
function headOf(row: CaseEntity): CaseHead {
  return {
    state: row.state,
    revision: row.revision,
    headHash: row.headHash,
    snapshotState: stateValueToPath(row.snapshot.value),
  };
}
