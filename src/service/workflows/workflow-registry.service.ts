import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { resolve } from 'node:path';
import type { EntityManager } from 'typeorm';
import {
  compileWorkflow,
  DefinitionInvalidError,
  effectiveFromOf,
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
import { Transactions } from '../database/transactions.js';
import { CaseEntity } from '../cases/case.entity.js';
import { WorkflowDefinitionEntity } from './workflow-definition.entity.js';
import { messages } from '../common/messages.js';

/** A published version and the day its regulation took effect (null: not known). */
export interface EffectiveVersion {
  readonly version: number;
  readonly effectiveFrom: string | null;
  readonly compiled: CompiledWorkflow;
}

/** The version a definition names (or would get) is published already. */
export interface VersionPublished {
  readonly code: 'VERSION_PUBLISHED';
  readonly path: 'version';
  readonly message: string;
}

/** A problem of a definition, or `VERSION_PUBLISHED` when the version it names exists. */
export type PublishProblem = DefinitionProblem | VersionPublished;

const versionPublished = (key: string, requested: number, latest: number): VersionPublished => ({
  code: 'VERSION_PUBLISHED',
  path: 'version',
  message: `${key} version ${requested} is already published (latest is ${latest}); published versions never change: leave version out to publish ${latest + 1}`,
});

/**
 * `409 REVISION_CONFLICT`: the definition names a version that is published, or another publish
 * took its version first. Either way the admin's idea of the key's versions is stale, as with a
 * case's `expectedRevision`; `details.problems` says so as the dry run does.
 */
const versionConflict = (
  problem: VersionPublished,
  facts: { key: string; version?: number; latest?: number },
): AppError =>
  new AppError('REVISION_CONFLICT', problem.message, { ...facts, problems: [problem] });

export interface PublishCheck {
  readonly valid: boolean;
  readonly problems: readonly PublishProblem[];
  /** The version the definition would be published as; null when it would be refused. */
  readonly version: number | null;
}

/** Tries of a publish that names no version before a run of concurrent publishes is a 409. */
const NEXT_VERSION_ATTEMPTS = 5;

export function contentHash(document: JsonObject): string {
  return sha256Hex(canonicalJson(document));
}

/**
 * The published workflow definitions: publishes the built-in ones from `workflows/` at start,
 * publishes new versions for admins, and hands out compiled versions (cached; a version never
 * changes once published, and its content hash is checked whenever it is loaded).
 *
 * Every read and write goes through `Transactions`, and a version enters the cache only once it
 * is committed: on SQLite's one connection a query outside it would run inside whichever
 * request's transaction is open, and see (or be rolled back with) its writes.
 */
@Injectable()
export class WorkflowRegistryService implements OnApplicationBootstrap {
  private readonly logger = new Logger(WorkflowRegistryService.name);
  private readonly compiled = new Map<string, CompiledWorkflow>();

  constructor(
    private readonly transactions: Transactions,
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
      const resolved = compiled.document;
      const hash = contentHash(resolved);
      const differs = () =>
        new Error(
          `${file}: ${key} version ${version} is already published with different content; ` +
            `a published version never changes — give the changed definition version ${version + 1}`,
        );
      let published: boolean;
      try {
        published = await this.transactions.run(async (manager) => {
          const existing = await definitions(manager).findOneBy({ key, version });
          if (existing) {
            if (existing.contentHash !== hash) throw differs();
            return false;
          }
          await this.insert(manager, resolved, compiled, hash, 'builtin', null);
          return true;
        });
      } catch (error) {
        // Another process published the same built-in at the same time: fine if identical.
        if (!isUniqueViolation(error)) throw error;
        const existing = await this.transactions.read((manager) =>
          definitions(manager).findOneBy({ key, version }),
        );
        if (existing?.contentHash !== hash) throw differs();
        published = false;
      }
      if (published) this.logger.log(`published built-in workflow ${key} v${version}`);
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
      return { valid: false, problems: [versionPublished(key, requested, latest)], version: null };
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
        messages.definitionInvalid(
          structural.problems.length,
          structural.problems.map((problem) => problem.message).join('; '),
        ),
        {
          problems: structural.problems,
        },
      );
    }
  }

  /**
   * Validates and publishes an admin's definition as its key's next version (or the new version
   * it names): numbered, checked and written in one transaction, cached once committed. A
   * version that exists, or that a concurrent publish takes first, is `409 REVISION_CONFLICT`.
   */
  async publish(
    document: unknown,
    publishedBy: string,
  ): Promise<{ key: string; version: number; created: boolean }> {
    this.assertValid(document);
    const input = document as JsonObject;
    const key = input['key'] as string;
    const requested = typeof input['version'] === 'number' ? input['version'] : undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { compiled, created } = await this.publishOnce(input, key, requested, publishedBy);
        const { version } = compiled.definition;
        this.compiled.set(`${key}@${version}`, compiled);
        return { key, version, created };
      } catch (error) {
        // PostgreSQL: a concurrent publish committed this version between our read and insert.
        // "The next version" is still well defined: number it again (a few times at most).
        if (!isUniqueViolation(error)) throw error;
        if (requested === undefined && attempt < NEXT_VERSION_ATTEMPTS) continue;
        throw versionConflict(
          {
            code: 'VERSION_PUBLISHED',
            path: 'version',
            message: `${key}: another request published ${requested === undefined ? 'the next version' : `version ${requested}`} meanwhile; send the definition again`,
          },
          requested === undefined ? { key } : { key, version: requested },
        );
      }
    }
  }

  /**
   * Numbers, checks and inserts the definition in one transaction; returns it compiled. Content
   * identical to the latest version (without a version, or naming that version) is that version,
   * not a new one: publishing the same file twice is harmless (`created: false`).
   */
  private publishOnce(
    input: JsonObject,
    key: string,
    requested: number | undefined,
    publishedBy: string,
  ): Promise<{ compiled: CompiledWorkflow; created: boolean }> {
    return this.transactions.run(async (manager) => {
      const latest = await latestVersionIn(manager, key);
      if (latest !== null && (requested === undefined || requested === latest)) {
        const same = compileWorkflow({ ...input, version: latest });
        const row = await definitions(manager).findOneBy({ key, version: latest });
        if (row && row.contentHash === contentHash(same.document)) {
          return { compiled: same, created: false };
        }
      }
      if (requested !== undefined && latest !== null && requested <= latest) {
        throw versionConflict(versionPublished(key, requested, latest), {
          key,
          version: requested,
          latest,
        });
      }
      const compiled = compileWorkflow({ ...input, version: requested ?? (latest ?? 0) + 1 });
      // Self-contained: built-in $defs resolved, so the version loads and hashes without them.
      const stored = compiled.document;
      await this.insert(manager, stored, compiled, contentHash(stored), 'api', publishedBy);
      return { compiled, created: true };
    });
  }

  /** A published version, compiled; `NOT_FOUND` if it does not exist. */
  async get(key: string, version: number): Promise<CompiledWorkflow> {
    const cached = this.compiled.get(`${key}@${version}`);
    if (cached) return cached;
    const row = await this.transactions.read((manager) =>
      definitions(manager).findOneBy({ key, version }),
    );
    if (!row) throw new AppError('NOT_FOUND', messages.workflowNotFound(key, version));
    return this.compileRow(row);
  }

  /** A published version, compiled; null if it does not exist. */
  async find(key: string, version: number): Promise<CompiledWorkflow | null> {
    try {
      return await this.get(key, version);
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  /** The latest published version of a key, compiled. */
  async latest(key: string): Promise<CompiledWorkflow> {
    const version = await this.latestVersion(key);
    if (version === null) throw new AppError('NOT_FOUND', messages.workflowNotFound(key));
    return this.get(key, version);
  }

  /**
   * Every published version of a key with the day its regulation took effect (the document's
   * `effectiveFrom`, else the built-in catalogue's), oldest first; `NOT_FOUND` for an unknown key.
   */
  async effectiveVersions(key: string): Promise<EffectiveVersion[]> {
    const numbers = await this.transactions.read(async (manager) =>
      (
        await definitions(manager)
          .createQueryBuilder('definition')
          .select('definition.version', 'version')
          .where('definition.key = :key', { key })
          .orderBy('definition.version', 'ASC')
          .getRawMany<{ version: number | string }>()
      ).map((row) => Number(row.version)),
    );
    if (numbers.length === 0) throw new AppError('NOT_FOUND', messages.workflowNotFound(key));
    const versions: EffectiveVersion[] = [];
    for (const version of numbers) {
      const compiled = await this.get(key, version);
      versions.push({ version, effectiveFrom: effectiveFromOf(compiled.definition), compiled });
    }
    return versions;
  }

  async latestVersion(key: string): Promise<number | null> {
    return this.transactions.read((manager) => latestVersionIn(manager, key));
  }

  async row(key: string, version?: number): Promise<WorkflowDefinitionEntity> {
    const row = await this.transactions.read(async (manager) => {
      const wanted = version ?? (await latestVersionIn(manager, key));
      return wanted === null ? null : definitions(manager).findOneBy({ key, version: wanted });
    });
    if (!row) {
      throw new AppError('NOT_FOUND', messages.workflowNotFound(key, version));
    }
    return row;
  }

  /** The latest version of every key. */
  async listLatest(): Promise<WorkflowDefinitionEntity[]> {
    const rows = await this.transactions.read((manager) =>
      definitions(manager).find({ order: { key: 'ASC', version: 'DESC' } }),
    );
    const seen = new Set<string>();
    return rows.filter((row) => (seen.has(row.key) ? false : (seen.add(row.key), true)));
  }

  /** Every version of a key, oldest first, with how many cases are active on each. */
  async versionsWithActiveCases(
    key: string,
  ): Promise<Array<{ row: WorkflowDefinitionEntity; activeCases: number }>> {
    return this.transactions.read(async (manager) => {
      const rows = await definitions(manager).find({ where: { key }, order: { version: 'ASC' } });
      if (rows.length === 0) throw new AppError('NOT_FOUND', messages.workflowNotFound(key));
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
    const rows = await this.transactions.read((manager) =>
      definitions(manager).find({ where: { key }, order: { version: 'ASC' } }),
    );
    if (rows.length === 0) throw new AppError('NOT_FOUND', messages.workflowNotFound(key));
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

  /** The definition and its system log entry, in the caller's transaction. */
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
    await insertRow(manager, WorkflowDefinitionEntity, {
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
    await appendSystemEntry(manager, {
      actorId: publishedBy ?? SYSTEM_ACTOR,
      action: 'workflow.publish',
      target: `${key}@${version}`,
      payload: { key, version, contentHash: hash, source },
      at: publishedAt,
    });
  }
}

const definitions = (manager: EntityManager) => manager.getRepository(WorkflowDefinitionEntity);

async function latestVersionIn(manager: EntityManager, key: string): Promise<number | null> {
  const row = await definitions(manager)
    .createQueryBuilder('definition')
    .select('MAX(definition.version)', 'version')
    .where('definition.key = :key', { key })
    .getRawOne<{ version: number | string | null }>();
  return row?.version === null || row?.version === undefined ? null : Number(row.version);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
