import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkflowRegistryService } from '../../src/service/workflows/workflow-registry.service.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

describe.each(databasesUnderTest())('built-in workflows published at start on %s', (database) => {
  let t: TestApp;
  let directory: string;

  beforeAll(async () => {
    t = await startTestApp({ database });
    directory = mkdtempSync(join(tmpdir(), 'cadreflow-workflows-'));
    cpSync('workflows', directory, { recursive: true });
  });

  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await t.close();
  });

  it('publishes every built-in once: starting again with the same files changes nothing', async () => {
    const registry = t.app.get(WorkflowRegistryService);
    const before = await registry.versions('appointment');
    await registry.publishBuiltins(directory);
    expect(await registry.versions('appointment')).toEqual(before);
  });

  it('publishes both profiles of appointment: QĐ 80 (v1) and QĐ 377 (v2, the latest)', async () => {
    const registry = t.app.get(WorkflowRegistryService);
    expect((await registry.versions('appointment')).map((row) => row.version)).toEqual([1, 2]);
    expect((await registry.get('appointment', 1)).definition.regulation).toBe('QĐ 80-QĐ/TW (2022)');
    expect((await registry.latest('appointment')).definition.regulation).toBe(
      'QĐ 377-QĐ/TW (2025)',
    );
  });

  it('refuses a built-in whose file changed without a new version', async () => {
    const file = join(directory, 'appointment.workflow.yaml');
    const changed = readFileSync(file, 'utf8').replace(
      'minMonthsInPost: 24',
      'minMonthsInPost: 12',
    );
    expect(changed).not.toBe(readFileSync(file, 'utf8'));
    writeFileSync(file, changed);
    await expect(t.app.get(WorkflowRegistryService).publishBuiltins(directory)).rejects.toThrow(
      /appointment version 1 is already published with different content/,
    );
  });

  it('publishes the changed file once it carries a new version, keeping the old one', async () => {
    const file = join(directory, 'appointment.workflow.yaml');
    // Version 2 is the QĐ 377 profile (appointment.v2.workflow.yaml): the change becomes 3.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: 1$/m, 'version: 3'));
    const registry = t.app.get(WorkflowRegistryService);
    await registry.publishBuiltins(directory);
    expect((await registry.versions('appointment')).map((row) => row.version)).toEqual([1, 2, 3]);
    expect((await registry.get('appointment', 1)).parameters['minMonthsInPost']).toBe(24);
    expect((await registry.latest('appointment')).parameters['minMonthsInPost']).toBe(12);
  });
});
