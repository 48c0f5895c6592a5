import { describe, expect, it } from '@jest/globals';
import {
  BUILTIN_EFFECTIVE_FROM,
  effectiveFromOf,
  versionInForce,
} from '../../../src/engine/definition/versions.js';
import { loadWorkflowFiles } from '../../../src/engine/definition/load-workflow-files.js';
import { WORKFLOWS_DIR } from '../../support/engine-fixtures.js';

const appointment = [
  { version: 1, effectiveFrom: '2022-08-18' }, // QĐ 80
  { version: 2, effectiveFrom: '2025-10-08' }, // QĐ 377
];

describe('versionInForce', () => {
  it.each([
    ['2025-09-01', 1],
    ['2025-10-07', 1],
    ['2025-10-08', 2],
    ['2026-03-02', 2],
  ])('on %s → version %i', (on, version) => {
    expect(versionInForce(appointment, on)?.version).toBe(version);
  });

  it('finds nothing before the first regulation took effect', () => {
    expect(versionInForce(appointment, '2022-08-17')).toBeUndefined();
  });

  it('counts an undated first version as in force from the beginning', () => {
    expect(versionInForce([{ version: 1 }], '1990-01-01')?.version).toBe(1);
    expect(
      versionInForce([{ version: 1 }, { version: 2, effectiveFrom: '2025-10-08' }], '2020-01-01')
        ?.version,
    ).toBe(1);
  });

  it("dates an undated later version from its predecessor's date (a correction never reaches back)", () => {
    const versions = [...appointment, { version: 3 }];
    expect(versionInForce(versions, '2025-09-01')?.version).toBe(1);
    expect(versionInForce(versions, '2026-03-02')?.version).toBe(3);
  });

  it('does not depend on the order given', () => {
    expect(versionInForce([...appointment].reverse(), '2025-09-01')?.version).toBe(1);
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => versionInForce(appointment, '01/09/2025')).toThrow(RangeError);
  });
});

describe('the built-in versions', () => {
  const versions = loadWorkflowFiles(WORKFLOWS_DIR).map((file) => {
    const document = file.document as { key: string; version: number; effectiveFrom?: string };
    return {
      key: document.key,
      version: document.version,
      effectiveFrom: effectiveFromOf(document),
    };
  });
  const of = (key: string) => versions.filter((v) => v.key === key);

  it('date every built-in version, the first ones from the catalogue (their bytes never change)', () => {
    for (const v of versions) expect(v.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(BUILTIN_EFFECTIVE_FROM['appointment@1']).toBe('2022-08-18');
  });

  it('open a case begun on 1/9/2025 on QĐ 80, one begun today on QĐ 377', () => {
    expect(versionInForce(of('appointment'), '2025-09-01')?.version).toBe(1);
    expect(versionInForce(of('appointment'), '2026-03-02')?.version).toBe(2);
    expect(versionInForce(of('resignation'), '2025-09-01')?.version).toBe(1);
    expect(versionInForce(of('resignation'), '2026-03-02')?.version).toBe(2);
    expect(versionInForce(of('appointment-state'), '2025-09-01')?.version).toBe(1);
    expect(versionInForce(of('appointment-state'), '2026-03-02')?.version).toBe(2);
  });
});
