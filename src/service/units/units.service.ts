/**
 * Units (SPEC §1, §7): the tree every principal, case and cadre belongs to. Units are added one
 * by one (POST /api/units) or as a whole tree (POST /api/units/import); this version neither
 * deletes a unit nor moves it under another parent, nor renames it, so a scope only ever grows.
 * Every change is one transaction with its system log entry, and announces itself on the change
 * feed so that every process re-reads the tree (and the principals' scopes) after it commits.
 */
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { appendSystemEntry } from '../audit/system-log.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { messages } from '../common/messages.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { invalidField, validationFailed } from '../common/validation.js';
import { ChangeFeed } from '../database/change-feed.js';
import { lockUntilCommit, Transactions } from '../database/transactions.js';
import { ROOT_UNIT_ID } from './scope.js';
import { UnitDirectory } from './unit-directory.js';
import { unitCodeProblems, unitNameProblems } from './unit-fields.js';
import { planImport } from './unit-import.js';
import { byCode, type Unit } from './unit-tree.js';
import { UnitStore } from './unit.store.js';

// PostgreSQL advisory lock held by a transaction that adds units: one writer of the tree at a
// time, so that an import's plan stays true until it commits.
const UNITS_LOCK_KEY = 7_264_000_600;

export interface NewUnit {
  readonly code: unknown;
  readonly name: unknown;
  readonly parentId?: string;
}

export interface ImportReport {
  readonly dryRun: boolean;
  readonly valid: boolean;
  readonly problems: ReadonlyArray<{ path: string; constraint: string; message: string }>;
  readonly created: string[];
  readonly unchanged: string[];
}

@Injectable()
export class UnitsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly store: UnitStore,
    private readonly directory: UnitDirectory,
    private readonly changes: ChangeFeed,
    private readonly clock: Clock,
  ) {}

  /** Every unit, by code. */
  async list(): Promise<Unit[]> {
    return [...(await this.directory.tree()).units].sort(byCode);
  }

  async create(input: NewUnit, actorId: string): Promise<Unit> {
    const problems = [
      ...unitCodeProblems(input.code, 'code'),
      ...unitNameProblems(input.name, 'name'),
    ];
    if (problems.length > 0) throw validationFailed(problems);
    const code = input.code as string;
    const name = input.name as string;
    const parentId = input.parentId ?? ROOT_UNIT_ID;
    const unit = await this.transactions
      .run(async (manager) => {
        await lockUntilCommit(manager, UNITS_LOCK_KEY);
        if (!(await this.store.findById(manager, parentId))) {
          throw invalidField('parentId', 'unitExists', messages.unitUnknown('parentId'));
        }
        if (await this.store.findByCode(manager, code)) throw codeTaken(code);
        const created: Unit = { id: randomUUID(), code, name, parentId };
        const at = this.clock.now().toISOString();
        await this.store.insert(manager, created, at);
        await this.changes.announce(manager);
        await appendSystemEntry(manager, {
          actorId,
          action: 'unit.create',
          target: created.id,
          payload: { code, name, parentId },
          at,
        });
        return created;
      })
      .catch((error: unknown) => {
        // Another process created the code between the check and the insert.
        if (isUniqueViolation(error, 'unit')) throw codeTaken(code);
        throw error;
      });
    this.changes.changed();
    return unit;
  }

  /**
   * Plans the import against the tree as it is; a dry run answers the plan and writes nothing,
   * a real one writes it whole (one transaction, one system log entry) or, with any problem,
   * nothing (400 VALIDATION_FAILED listing them).
   */
  async import(rows: readonly unknown[], dryRun: boolean, actorId: string): Promise<ImportReport> {
    if (dryRun) {
      const plan = planImport(await this.directory.tree(), rows);
      return {
        dryRun: true,
        valid: plan.problems.length === 0,
        problems: plan.problems,
        created: plan.create.map((unit) => unit.code),
        unchanged: plan.unchanged,
      };
    }
    const report = await this.transactions
      .run(async (manager) => this.importIn(manager, rows, actorId))
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'unit')) {
          throw new AppError('ALREADY_EXISTS', messages.unitCodeTaken('(one of the import)'));
        }
        throw error;
      });
    if (report.created.length > 0) this.changes.changed();
    return report;
  }

  private async importIn(
    manager: EntityManager,
    rows: readonly unknown[],
    actorId: string,
  ): Promise<ImportReport> {
    await lockUntilCommit(manager, UNITS_LOCK_KEY);
    const tree = await this.directory.treeIn(manager);
    const plan = planImport(tree, rows);
    if (plan.problems.length > 0) {
      throw validationFailed(plan.problems, messages.unitImportInvalid(plan.problems.length));
    }
    const at = this.clock.now().toISOString();
    const ids = new Map<string, string>(tree.units.map((unit) => [unit.code, unit.id]));
    for (const row of plan.create) {
      const id = randomUUID();
      ids.set(row.code, id);
      const parentId = ids.get(row.parentCode) as string;
      await this.store.insert(manager, { id, code: row.code, name: row.name, parentId }, at);
    }
    if (plan.create.length > 0) {
      await this.changes.announce(manager);
      await appendSystemEntry(manager, {
        actorId,
        action: 'unit.import',
        target: `${plan.create.length} units`,
        payload: {
          created: plan.create.map((row) => ({
            code: row.code,
            name: row.name,
            parentCode: row.parentCode,
          })),
          unchanged: plan.unchanged.length,
        },
        at,
      });
    }
    return {
      dryRun: false,
      valid: true,
      problems: [],
      created: plan.create.map((row) => row.code),
      unchanged: plan.unchanged,
    };
  }
}

const codeTaken = (code: string): AppError =>
  new AppError('ALREADY_EXISTS', messages.unitCodeTaken(code), { code });
