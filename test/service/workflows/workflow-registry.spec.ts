/**
 * WorkflowRegistryService on a real database (SQLite, and PostgreSQL when TEST_DATABASE_URL is
 * set), while another request's transaction is open: what it publishes, reads and caches is what
 * is committed, never what that transaction wrote and then rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { compileWorkflow, type JsonObject } from '../../../src/engine/index.js';
import { SystemLogEntryEntity } from '../../../src/service/audit/system-log-entry.entity.js';
import { SystemLogService } from '../../../src/service/audit/system-log.service.js';
import { AppError } from '../../../src/service/common/app-error.js';
import { statusForCode } from '../../../src/service/common/app-error.filter.js';
import { SystemClock } from '../../../src/service/common/clock.js';
import type { AppConfigService } from '../../../src/service/config/app-config.service.js';
import { insertRow } from '../../../src/service/database/insert-row.js';
import { WorkflowDefinitionEntity } from '../../../src/service/workflows/workflow-definition.entity.js';
import {
  contentHash,
  WorkflowRegistryService,
} from '../../../src/service/workflows/workflow-registry.service.js';
import { Transactions } from '../../../src/service/database/transactions.js';
import { openTestDataSource, type TestDataSource } from '../../support/open-data-source.js';
import { holdTransactionOpen } from '../../support/open-transaction.js';
import { databasesUnderTest } from '../../support/throwaway-database.js';

/** Long enough for a statement that does not wait for the open transaction to have run. */
const SETTLE_MS = 50;

const definition = (key: string, version?: number): JsonObject => ({
  key,
  ...(version === undefined ? {} : { version }),
  title: { vi: 'Xin nghỉ phép', en: 'Leave request' },
  regulation: 'Nội quy cơ quan (2026)',
  initial: 'draft',
  states: {
    draft: { on: { SUBMIT: { roles: ['clerk'], target: 'done' } } },
    done: { type: 'final' },
  },
});

const definitionRow = (document: JsonObject): WorkflowDefinitionEntity => {
  const { key, version, title, regulation } = compileWorkflow(document).definition;
  return Object.assign(new WorkflowDefinitionEntity(), {
    key,
    version,
    title,
    regulation,
    document,
    contentHash: contentHash(document),
    source: 'api' as const,
    publishedBy: null,
    publishedAt: '2026-01-01T00:00:00.000Z',
  });
};

const insertDefinition = (document: JsonObject) => (manager: EntityManager) =>
  insertRow(manager, WorkflowDefinitionEntity, definitionRow(document));

describe.each(databasesUnderTest())('WorkflowRegistryService on %s', (kind) => {
  let db: TestDataSource;
  let registry: WorkflowRegistryService;

  const committedVersions = async (key: string): Promise<number[]> =>
    (
      await db.dataSource
        .getRepository(WorkflowDefinitionEntity)
        .find({ where: { key }, order: { version: 'ASC' } })
    ).map((row) => row.version);

  beforeAll(async () => {
    db = await openTestDataSource(kind);
    registry = new WorkflowRegistryService(
      new Transactions(db.dataSource),
      {} as AppConfigService,
      new SystemClock(),
    );
  });

  afterAll(async () => {
    await db.close();
  });

  it('publishes the next version of what is committed, not of what another transaction wrote and rolled back', async () => {
    const other = await holdTransactionOpen(
      db.dataSource,
      insertDefinition(definition('leave-a', 1)),
    );
    const publishing = registry.publish(definition('leave-a'), 'admin-1');
    await sleep(SETTLE_MS);
    await other.rollback();

    await expect(publishing).resolves.toEqual({ key: 'leave-a', version: 1, created: true });
    expect(await committedVersions('leave-a')).toEqual([1]);
    expect(await registry.latestVersion('leave-a')).toBe(1);
    expect((await registry.get('leave-a', 1)).definition.version).toBe(1);
  });

  it('never caches a version that another transaction wrote and then rolled back', async () => {
    const other = await holdTransactionOpen(
      db.dataSource,
      insertDefinition(definition('leave-b', 1)),
    );
    const reading = registry.get('leave-b', 1).then(
      () => 'found',
      (error: { code?: string }) => error.code,
    );
    await sleep(SETTLE_MS);
    await other.rollback();

    expect(await reading).toBe('NOT_FOUND');
    expect(await committedVersions('leave-b')).toEqual([]);
    await expect(registry.get('leave-b', 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('publishes a built-in that another transaction wrote and rolled back, and caches only what is stored', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cadreflow-builtins-'));
    try {
      const document = definition('leave-builtin', 1);
      await writeFile(join(directory, 'leave-builtin.workflow.yaml'), JSON.stringify(document));
      const other = await holdTransactionOpen(db.dataSource, insertDefinition(document));
      const publishing = registry.publishBuiltins(directory);
      await sleep(SETTLE_MS);
      await other.rollback();
      await publishing;

      expect(await committedVersions('leave-builtin')).toEqual([1]);
      expect((await registry.get('leave-builtin', 1)).definition.key).toBe('leave-builtin');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('answers a read that waited for another transaction with what that transaction committed', async () => {
    const other = await holdTransactionOpen(
      db.dataSource,
      insertDefinition(definition('leave-c', 1)),
    );
    const latest = registry.latestVersion('leave-c');
    await sleep(SETTLE_MS);
    await other.commit();
    // SQLite: the read waits for the commit; PostgreSQL: it saw the state before it. Both are true.
    expect([null, 1]).toContain(await latest);
    expect(await registry.latestVersion('leave-c')).toBe(1);
    expect((await registry.get('leave-c', 1)).definition.key).toBe('leave-c');
  });

  describe('concurrent publishes', () => {
    const publishLog = (target: string) =>
      db.dataSource
        .getRepository(SystemLogEntryEntity)
        .find({ where: { action: 'workflow.publish', target }, order: { seq: 'ASC' } });

    it('of the same version: exactly one wins, the others are 409 REVISION_CONFLICT and write nothing', async () => {
      const attempts = 6;
      const outcomes = await Promise.allSettled(
        Array.from({ length: attempts }, (_, n) =>
          registry.publish(
            { ...definition('leave-race', 3), regulation: `attempt ${n}` },
            `admin-${n}`,
          ),
        ),
      );

      const won = outcomes.flatMap((outcome) =>
        outcome.status === 'fulfilled' ? [outcome.value] : [],
      );
      expect(won).toEqual([{ key: 'leave-race', version: 3, created: true }]);
      const lost = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
      );
      expect(lost).toHaveLength(attempts - 1);
      for (const error of lost) {
        expect(error).toBeInstanceOf(AppError);
        const refused = error as AppError;
        expect(refused.code).toBe('REVISION_CONFLICT');
        expect(statusForCode(refused.code)).toBe(409);
        expect(refused.details).toMatchObject({
          key: 'leave-race',
          version: 3,
          problems: [{ code: 'VERSION_PUBLISHED', path: 'version' }],
        });
      }

      // Nothing half-written: one row, one system log entry, both the winner's; the chain holds.
      const rows = await db.dataSource
        .getRepository(WorkflowDefinitionEntity)
        .findBy({ key: 'leave-race' });
      expect(rows.map((row) => row.version)).toEqual([3]);
      const log = await publishLog('leave-race@3');
      expect(log.map((entry) => entry.actorId)).toEqual([rows[0]?.publishedBy]);
      expect((await registry.get('leave-race', 3)).definition.regulation).toBe(rows[0]?.regulation);
      expect(await new SystemLogService(new Transactions(db.dataSource)).verify()).toMatchObject({
        valid: true,
      });
    });

    it('of the same content: one version, the others answer it (created: false)', async () => {
      const published = await Promise.all(
        Array.from({ length: 4 }, (_, n) =>
          registry.publish(definition('leave-same'), `admin-${n}`),
        ),
      );
      expect(published.map((result) => result.version)).toEqual([1, 1, 1, 1]);
      expect(published.filter((result) => result.created)).toHaveLength(1);
      expect(await committedVersions('leave-same')).toEqual([1]);
      expect(await publishLog('leave-same@1')).toHaveLength(1);
    });

    it('that name no version: each gets the next one, none is lost', async () => {
      const attempts = 4;
      const published = await Promise.all(
        Array.from({ length: attempts }, (_, n) =>
          registry.publish(
            { ...definition('leave-next'), regulation: `attempt ${n}` },
            `admin-${n}`,
          ),
        ),
      );
      const expected = Array.from({ length: attempts }, (_, n) => n + 1);
      expect(published.map((result) => result.version).sort((a, b) => a - b)).toEqual(expected);
      expect(await committedVersions('leave-next')).toEqual(expected);
      expect(
        (await publishLog('leave-next@1')).length +
          (await publishLog('leave-next@2')).length +
          (await publishLog('leave-next@3')).length +
          (await publishLog('leave-next@4')).length,
      ).toBe(attempts);
    });
  });
});
