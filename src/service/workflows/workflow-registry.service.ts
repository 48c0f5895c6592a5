import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { resolve } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import {
  compileWorkflow,
  DefinitionInvalidError,
  loadWorkflowFiles,
  validateDefinition,
  type CompiledWorkflow,
  type DefinitionProblem,
  type JsonObject,
} from '../../engine/index.js';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { appendSystemEntry, SYSTEM_ACTOR } from '../audit/system-log.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUniqueViolation } from '../common/unique-violation.js';
import { AppConfigService } from '../config/app-config.service.js';
import { insertRow } from '../database/insert-row.js';
import { runInTransaction } from '../database/transaction-runner.js';
import { CaseEntity } from '../cases/case.entity.js';
import { WorkflowDefinitionEntity } from './workflow-definition.entity.js';

/** A problem of a definition, or `VERSION_PUBLISHED` when the version it names exists. */
export type PublishProblem =
  | DefinitionProblem
  | { readonly code: 'VERSION_PUBLISHED'; readonly path: 'version'; readonly message: string };

export interface PublishCheck {
  readonly valid: boolean;
  readonly problems: readonly PublishProblem[];
  /** The version the definition would be published as; null when it would be refused. */
  readonly version: number | null;
}

export function contentHash(document: JsonObject): string {
  return sha256Hex(canonicalJson(document));
}

/**
 * The published workflow definitions: publishes the built-in ones from `workflows/` at start,
 * publishes new versions for admins, and hands out compiled versions (cached; a version never
 * changes once published, and its content hash is checked whenever it is loaded).
 */
@Injectable()
export class WorkflowRegistryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkflowRegistryService.name);
  private readonly compiled = new Map<string, CompiledWorkflow>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publishBuiltins(resolve(this.config.workflowsDir));
  }

  /**
   * Publishes every `*.workflow.yaml` of `directory` not yet published. A version already
   * published with other content stops the start: a change needs a new version.
   */
  async publishBuiltins(directory: string): Promise<void> {
    for (const { file, document } of loadWorkflowFiles(directory)) {
      let compiled: CompiledWorkflow;
      try {
        compiled = compileWorkflow(document);
      } catch (error) {
        if (error instanceof DefinitionInvalidError) {
          const problems = error.problems.map(
            (problem) => `  - ${problem.path}: ${problem.message}`,
          );
          throw new Error(`${file} is not a valid workflow definition:\n${problems.join('\n')}`, {
            cause: error,
          });
        }
        throw error;
      }
      const { key, version } = compiled.definition;
      // What is published is the resolved document: the file itself unless it uses built-in $defs.
      const published = compiled.document;
      const hash = contentHash(published);
      const existing = await this.repository().findOneBy({ key, version });
      if (existing) {
        if (existing.contentHash !== hash) {
          throw new Error(
            `${file}: ${key} version ${version} is already published with different content; ` +
              `a published version never changes — give the changed definition version ${version + 1}`,
          );
        }
      } else {
        await this.insert(this.dataSource.manager, published, compiled, hash, 'builtin', null);
        this.logger.log(`published built-in workflow ${key} v${version}`);
      }
      this.compiled.set(`${key}@${version}`, compiled);
    }
  }

  /**
   * Every problem of a definition, as `POST /api/workflows` would find them, without publishing.
   * `version` may be left out (publishing gives the next one), so it is not reported missing.
   */
  check(document: unknown): { valid: boolean; problems: DefinitionProblem[] } {
    const result = validateDefinition(
      isObject(document) && document['version'] === undefined
        ? { ...document, version: 1 }
        : document,
    );
    return { valid: result.valid, problems: result.problems };
  }

  /**
   * What `POST /api/workflows` would answer, without publishing: every problem, including a
   * named version that is already published, and otherwise the version it would become.
   */
  async dryPublish(document: unknown): Promise<PublishCheck> {
    const result = this.check(document);
    if (!result.valid) return { valid: false, problems: result.problems, version: null };
    const input = document as JsonObject;
    const key = input['key'] as string;
    const latest = await this.latestVersion(key);
    const requested = input['version'];
    if (typeof requested === 'number' && latest !== null && requested <= latest) {
      return {
        valid: false,
        problems: [
          {
            code: 'VERSION_PUBLISHED',
            path: 'version',
            message: `${key} version ${requested} is already published (latest is ${latest}); leave version out to publish ${latest + 1}`,
          },
        ],
        version: null,
      };
    }
    return {
      valid: true,
      problems: [],
      version: typeof requested === 'number' ? requested : (latest ?? 0) + 1,
    };
  }

  /** Compiles a draft for a dry run, or throws `DEFINITION_INVALID` like publishing would. */
  compileDraft(document: unknown): CompiledWorkflow {
    this.assertValid(document);
    const input = document as JsonObject;
    return compileWorkflow(input['version'] === undefined ? { ...input, version: 1 } : input);
  }

  private assertValid(document: unknown): void {
    const structural = this.check(document);
    if (!structural.valid) {
      throw new AppError(
        'DEFINITION_INVALID',
        `the definition has ${structural.problems.length} problem(s): ${structural.problems.map((problem) => problem.message).join('; ')}`,
        {
          problems: structural.problems,
        },
      );
    }
  }

  /** Validates and publishes an admin's definition as its key's next version (or the new version it names). */
  async publish(document: unknown, publishedBy: string): Promise<{ key: string; version: number }> {
    this.assertValid(document);
    const input = document as JsonObject;
    const key = input['key'] as string;
    const latest = await this.latestVersion(key);
    const requested = input['version'];
    let version: number;
    if (typeof requested === 'number') {
      if (latest !== null && requested <= latest) {
        throw new AppError(
          'VALIDATION_FAILED',
          `${key} version ${requested} is already published (latest is ${latest}); published versions never change`,
          {
            latest,
          },
        );
      }
      version = requested;
    } else {
      version = (latest ?? 0) + 1;
    }
    const compiled = compileWorkflow({ ...input, version });
    // Self-contained: built-in $defs resolved, so the version loads and hashes without them.
    const stored = compiled.document;
    try {
      await this.insert(
        this.dataSource.manager,
        stored,
        compiled,
        contentHash(stored),
        'api',
        publishedBy,
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `${key} version ${version} was published meanwhile; send the definition again`,
          { key, version },
        );
      }
      throw error;
    }
    this.compiled.set(`${key}@${version}`, compiled);
    return { key, version };
  }

  /** A published version, compiled; `NOT_FOUND` if it does not exist. */
  async get(key: string, version: number): Promise<CompiledWorkflow> {
    const cached = this.compiled.get(`${key}@${version}`);
    if (cached) return cached;
    const row = await this.repository().findOneBy({ key, version });
    if (!row) throw new AppError('NOT_FOUND', `workflow ${key} version ${version} does not exist`);
    return this.compileRow(row);
  }

  /** The latest published version of a key, compiled. */
  async latest(key: string): Promise<CompiledWorkflow> {
    const version = await this.latestVersion(key);
    if (version === null) throw new AppError('NOT_FOUND', `workflow ${key} does not exist`);
    return this.get(key, version);
  }

  async latestVersion(key: string): Promise<number | null> {
    const row = await this.repository()
      .createQueryBuilder('definition')
      .select('MAX(definition.version)', 'version')
      .where('definition.key = :key', { key })
      .getRawOne<{ version: number | string | null }>();
    return row?.version === null || row?.version === undefined ? null : Number(row.version);
  }

  async row(key: string, version?: number): Promise<WorkflowDefinitionEntity> {
    const wanted = version ?? (await this.latestVersion(key));
    const row =
      wanted === null ? null : await this.repository().findOneBy({ key, version: wanted });
    if (!row) {
      throw new AppError(
        'NOT_FOUND',
        version === undefined
          ? `workflow ${key} does not exist`
          : `workflow ${key} version ${version} does not exist`,
      );
    }
    return row;
  }

  /** The latest version of every key. */
  async listLatest(): Promise<WorkflowDefinitionEntity[]> {
    const rows = await this.repository().find({ order: { key: 'ASC', version: 'DESC' } });
    const seen = new Set<string>();
    return rows.filter((row) => (seen.has(row.key) ? false : (seen.add(row.key), true)));
  }

  /** Every version of a key, oldest first, with how many cases are active on each. */
  async versionsWithActiveCases(
    key: string,
  ): Promise<Array<{ row: WorkflowDefinitionEntity; activeCases: number }>> {
    // Through runInTransaction: on SQLite the one connection may be inside another request's
    // transaction, whose uncommitted rows this read must not see.
    return runInTransaction(this.dataSource, async (manager) => {
      const rows = await manager
        .getRepository(WorkflowDefinitionEntity)
        .find({ where: { key }, order: { version: 'ASC' } });
      if (rows.length === 0) throw new AppError('NOT_FOUND', `workflow ${key} does not exist`);
      const counts = await manager
        .getRepository(CaseEntity)
        .createQueryBuilder('c')
        .select('c.workflow_version', 'version')
        .addSelect('COUNT(*)', 'active')
        .where('c.workflow_key = :key', { key })
        .andWhere('c.status = :status', { status: 'active' })
        .groupBy('c.workflow_version')
        .getRawMany<{ version: number | string; active: number | string }>();
      const active = new Map(counts.map((count) => [Number(count.version), Number(count.active)]));
      return rows.map((row) => ({ row, activeCases: active.get(row.version) ?? 0 }));
    });
  }

  async versions(key: string): Promise<WorkflowDefinitionEntity[]> {
    const rows = await this.repository().find({ where: { key }, order: { version: 'ASC' } });
    if (rows.length === 0) throw new AppError('NOT_FOUND', `workflow ${key} does not exist`);
    return rows;
  }

  private compileRow(row: WorkflowDefinitionEntity): CompiledWorkflow {
    if (contentHash(row.document) !== row.contentHash) {
      // Published versions are immutable: a changed row is tampering or corruption, not data.
      throw new Error(
        `workflow ${row.key} v${row.version}: stored definition does not match its content hash`,
      );
    }
    const compiled = compileWorkflow(row.document);
    this.compiled.set(`${row.key}@${row.version}`, compiled);
    return compiled;
  }

  private async insert(
    manager: EntityManager,
    document: JsonObject,
    compiled: CompiledWorkflow,
    hash: string,
    source: 'builtin' | 'api',
    publishedBy: string | null,
  ): Promise<void> {
    const { key, version, title, regulation } = compiled.definition;
    const publishedAt = this.clock.now().toISOString();
    try {
      // The definition and its system log entry, in one transaction.
      await runInTransaction(this.dataSource, async (transaction) => {
        await insertRow(transaction, WorkflowDefinitionEntity, {
          key,
          version,
          title,
          regulation,
          document,
          contentHash: hash,
          source,
          publishedBy,
          publishedAt,
        });
        await appendSystemEntry(transaction, {
          actorId: publishedBy ?? SYSTEM_ACTOR,
          action: 'workflow.publish',
          target: `${key}@${version}`,
          payload: { key, version, contentHash: hash, source },
          at: publishedAt,
        });
      });
    } catch (error) {
      // Another process published the same built-in at the same time: fine if identical.
      if (source === 'builtin' && isUniqueViolation(error)) {
        const existing = await manager
          .getRepository(WorkflowDefinitionEntity)
          .findOneBy({ key, version });
        if (existing?.contentHash === hash) return;
      }
      throw error;
    }
  }

  private repository() {
    return this.dataSource.getRepository(WorkflowDefinitionEntity);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
