/** The plan of a units import, against a tree: every problem with its row and field, or the order. */
import { describe, expect, it } from '@jest/globals';
import { ROOT_UNIT_CODE, ROOT_UNIT_ID } from '../../../src/service/units/scope.js';
import { planImport } from '../../../src/service/units/unit-import.js';
import { UnitTree } from '../../../src/service/units/unit-tree.js';

const tree = new UnitTree([
  { id: ROOT_UNIT_ID, code: ROOT_UNIT_CODE, name: 'Toàn hệ thống', parentId: null },
  { id: 'p1', code: 'P1', name: 'Tỉnh P1', parentId: ROOT_UNIT_ID },
  { id: 'p1d', code: 'P1-D', name: 'Ban P1', parentId: 'p1' },
]);

const paths = (rows: unknown[]) =>
  planImport(tree, rows).problems.map((problem) => `${problem.path} ${problem.constraint}`);

describe('planImport', () => {
  it('creates a tree given in any order, parents first; existing units are unchanged', () => {
    const plan = planImport(tree, [
      { code: 'P2-D-X', name: 'Phòng X', parentCode: 'P2-D' },
      { code: 'P2-D', name: 'Ban P2', parentCode: 'P2' },
      { code: 'P2', name: 'Tỉnh P2' },
      { code: 'P1', name: 'Tỉnh P1', parentCode: null },
      { code: 'P1-D', name: 'Ban P1', parentCode: 'P1' },
      { code: 'P1-E', name: 'Ban E', parentCode: 'P1' },
    ]);
    expect(plan.problems).toEqual([]);
    expect(plan.create.map((unit) => unit.code)).toEqual(['P2', 'P2-D', 'P2-D-X', 'P1-E']);
    expect(plan.create[0]?.parentCode).toBe(ROOT_UNIT_CODE);
    expect(plan.unchanged).toEqual(['P1', 'P1-D']);
  });

  it('names every problem by row index and field', () => {
    expect(
      paths([
        { code: 'A', name: 'A', parentCode: 'NOWHERE' },
        { code: 'B', name: 'B' },
        { code: 'B', name: 'B again' },
        { code: 'bad code', name: '' },
        'not an object',
        { code: 'C', name: 'C', extra: true },
        { code: 'P1-D', name: 'Ban P1', parentCode: 'B' },
        { code: 'P1', name: 'Tên khác' },
        { code: 'SELF', name: 'S', parentCode: 'SELF' },
      ]),
    ).toEqual([
      'units[0].parentCode unitExists',
      'units[2].code isUnique',
      'units[3].code isUnitCode',
      'units[3].name isNotEmpty',
      'units[4] isObject',
      'units[5].extra whitelistValidation',
      'units[6].parentCode notReparented',
      'units[7].name notRenamed',
      'units[8].parentCode noCycle',
    ]);
  });

  it('finds cycles among new units, whatever their order, and creates nothing then', () => {
    const plan = planImport(tree, [
      { code: 'OK', name: 'Ok', parentCode: 'P1' },
      { code: 'X', name: 'X', parentCode: 'Z' },
      { code: 'Y', name: 'Y', parentCode: 'X' },
      { code: 'Z', name: 'Z', parentCode: 'Y' },
      { code: 'W', name: 'W', parentCode: 'X' },
    ]);
    expect(plan.problems.map((problem) => problem.path)).toEqual([
      'units[1].parentCode',
      'units[2].parentCode',
      'units[3].parentCode',
    ]);
    expect(plan.problems.every((problem) => problem.constraint === 'noCycle')).toBe(true);
    expect(plan.create).toEqual([]);
  });

  it('refuses 10 KB codes and names, and a name in decomposed form', () => {
    expect(
      paths([
        { code: 'X'.repeat(10_240), name: 'Lớn' },
        { code: 'BIG', name: 'n'.repeat(10_240) },
        { code: 'NFD', name: 'Ha\u0300 No\u0323i' },
        { code: 'Hà', name: 'Hà' },
      ]),
    ).toEqual([
      'units[0].code isUnitCode',
      'units[1].name maxLength',
      'units[2].name isNfc',
      'units[3].code isUnitCode',
    ]);
  });
});

describe('UnitTree', () => {
  it('gives a subtree as a scope, the root as everywhere, and ancestors', () => {
    expect(tree.scopeOf(ROOT_UNIT_ID).everywhere).toBe(true);
    expect([...tree.scopeOf('p1').unitIds].sort()).toEqual(['p1', 'p1d']);
    expect([...tree.scopeOf('p1d').unitIds]).toEqual(['p1d']);
    expect(tree.isAncestorOrSelf('p1', 'p1d')).toBe(true);
    expect(tree.isAncestorOrSelf('p1d', 'p1')).toBe(false);
    expect(tree.isAncestorOrSelf(ROOT_UNIT_ID, 'p1d')).toBe(true);
    expect(tree.subtreeIds('unknown')).toEqual([]);
  });
});
