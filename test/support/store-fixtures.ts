/** Rows for the store tests (test/service/): a published definition and cases on it. */
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CaseStore, type CaseRecord } from '../../src/service/cases/case.store.js';
import { insertRow } from '../../src/service/database/insert-row.js';
import { sqlSession } from '../../src/service/database/sql.js';
import { GENESIS_HASH } from '../../src/service/history/chain.js';
import { ROOT_UNIT_ID } from '../../src/service/units/scope.js';
import { WorkflowDefinitionEntity } from '../../src/service/workflows/workflow-definition.entity.js';

export const STORE_WORKFLOW = 'store-test';

/** The definition every test case points at (workflow_case has a foreign key to it). */
export const insertStoreDefinition = (manager: EntityManager): Promise<void> =>
  insertRow(
    manager,
    WorkflowDefinitionEntity,
    Object.assign(new WorkflowDefinitionEntity(), {
      key: STORE_WORKFLOW,
      version: 1,
      title: { vi: 'Thử', en: 'Test' },
      regulation: 'none',
      document: {},
      contentHash: '0'.repeat(64),
      source: 'api' as const,
      publishedBy: null,
      publishedAt: '2026-01-01T00:00:00.000Z',
    }),
  );

export const caseRecord = (overrides: Partial<CaseRecord> = {}): CaseRecord => ({
  id: randomUUID(),
  workflowKey: STORE_WORKFLOW,
  workflowVersion: 1,
  state: 'open',
  status: 'active',
  finalState: null,
  revision: 1,
  subject: { title: 'Bổ nhiệm' },
  data: {},
  snapshot: {
    status: 'active',
    value: 'open',
    context: { subject: {}, data: {}, facts: {}, approvals: {}, enteredBy: {}, deadlines: {} },
  },
  headHash: GENESIS_HASH,
  overdue: 0,
  unitId: ROOT_UNIT_ID,
  createdBy: 'tester',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

/** Inserts a case (through the store) and returns it. */
export const insertCase = async (
  manager: EntityManager,
  overrides: Partial<CaseRecord> = {},
): Promise<CaseRecord> => {
  const row = caseRecord(overrides);
  await sqlSession(manager).run(new CaseStore().insert(row));
  return row;
};
