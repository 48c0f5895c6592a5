/**
 * The plan of a units import (POST /api/units/import): a whole tree in any order, by code, each
 * row naming its parent by code (none: under the root). Pure: given the tree as it is and the
 * rows, it lists every problem (each with its row index and field) and, when there is none, the
 * units to create, parents first. Idempotent by code: a row whose unit exists with that name and
 * parent changes nothing; a row that would rename or move an existing unit is a problem (units
 * are neither renamed nor re-parented in this version).
 */
import type { ValidationProblem } from '../common/validation.js';
import { ROOT_UNIT_CODE } from './scope.js';
import { unitCodeProblems, unitNameProblems } from './unit-fields.js';
import type { UnitTree } from './unit-tree.js';

/** A row of an import, once its fields are valid. */
export interface ImportedUnit {
  readonly code: string;
  readonly name: string;
  /** The parent's code; the root's when the row names none. */
  readonly parentCode: string;
}

export interface ImportPlan {
  readonly problems: ValidationProblem[];
  /** The units to create, each after its parent. */
  readonly create: ImportedUnit[];
  /** The codes of the rows that change nothing. */
  readonly unchanged: string[];
}

const at = (index: number, field: string) => `units[${index}].${field}`;

export function planImport(tree: UnitTree, rows: readonly unknown[]): ImportPlan {
  const problems: ValidationProblem[] = [];
  const valid = new Map<number, ImportedUnit>();
  const firstIndex = new Map<string, number>();

  rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      problems.push({
        path: `units[${index}]`,
        constraint: 'isObject',
        message: `units[${index}] must be an object {code, name, parentCode?}`,
      });
      return;
    }
    const record = row as Record<string, unknown>;
    const rowProblems = [
      ...Object.keys(record)
        .filter((key) => !['code', 'name', 'parentCode'].includes(key))
        .map((key) => ({
          path: at(index, key),
          constraint: 'whitelistValidation',
          message: `property ${key} should not exist`,
        })),
      ...unitCodeProblems(record['code'], at(index, 'code')),
      ...unitNameProblems(record['name'], at(index, 'name')),
      ...(record['parentCode'] === undefined || record['parentCode'] === null
        ? []
        : unitCodeProblems(record['parentCode'], at(index, 'parentCode'))),
    ];
    problems.push(...rowProblems);
    if (rowProblems.length > 0) return;
    const code = record['code'] as string;
    const previous = firstIndex.get(code);
    if (previous !== undefined) {
      problems.push({
        path: at(index, 'code'),
        constraint: 'isUnique',
        message: `${at(index, 'code')}: the code ${code} is already the code of units[${previous}]`,
      });
      return;
    }
    firstIndex.set(code, index);
    const parentCode = (record['parentCode'] as string | null | undefined) ?? ROOT_UNIT_CODE;
    valid.set(index, { code, name: record['name'] as string, parentCode });
  });

  const byCode = new Map<string, { index: number; unit: ImportedUnit }>();
  for (const [index, unit] of valid) byCode.set(unit.code, { index, unit });
  const unchanged: string[] = [];
  const fresh = new Map<string, { index: number; unit: ImportedUnit }>();

  for (const [index, unit] of valid) {
    const parentPath = at(index, 'parentCode');
    const existing = tree.byCode(unit.code);
    if (unit.code === ROOT_UNIT_CODE) {
      // The root is there already and has no parent: naming it is harmless, moving it is not.
      if (existing && (unit.parentCode !== ROOT_UNIT_CODE || unit.name !== existing.name)) {
        problems.push({
          path: at(index, 'code'),
          constraint: 'isNotRoot',
          message: `${at(index, 'code')}: the root unit ${ROOT_UNIT_CODE} cannot be renamed or moved`,
        });
      } else unchanged.push(unit.code);
      continue;
    }
    if (unit.parentCode === unit.code) {
      problems.push({
        path: parentPath,
        constraint: 'noCycle',
        message: `${parentPath}: a unit cannot be its own parent`,
      });
      continue;
    }
    const parentExists = tree.byCode(unit.parentCode) !== undefined || byCode.has(unit.parentCode);
    if (!parentExists) {
      problems.push({
        path: parentPath,
        constraint: 'unitExists',
        message: `${parentPath}: no unit has the code ${unit.parentCode} (neither in the tree nor in this import)`,
      });
      continue;
    }
    if (existing) {
      const parent = existing.parentId === null ? undefined : tree.get(existing.parentId);
      if (parent?.code !== unit.parentCode) {
        problems.push({
          path: parentPath,
          constraint: 'notReparented',
          message: `${parentPath}: unit ${unit.code} exists under ${parent?.code ?? 'no parent'}; units cannot be moved in this version`,
        });
      } else if (existing.name !== unit.name) {
        problems.push({
          path: at(index, 'name'),
          constraint: 'notRenamed',
          message: `${at(index, 'name')}: unit ${unit.code} exists with the name "${existing.name}"; units cannot be renamed in this version`,
        });
      } else unchanged.push(unit.code);
      continue;
    }
    fresh.set(unit.code, { index, unit });
  }

  // New units whose chain of parents (through other new units) never reaches an existing unit
  // form a cycle: every row on it is a problem. The rest are created parents first.
  const create: ImportedUnit[] = [];
  const done = new Set<string>();
  const onCycle = new Set<string>();
  for (const code of fresh.keys()) {
    const chain: string[] = [];
    const inChain = new Set<string>();
    let current: string | undefined = code;
    while (
      current !== undefined &&
      fresh.has(current) &&
      !done.has(current) &&
      !onCycle.has(current)
    ) {
      if (inChain.has(current)) {
        for (const member of chain.slice(chain.indexOf(current))) onCycle.add(member);
        break;
      }
      chain.push(current);
      inChain.add(current);
      current = fresh.get(current)?.unit.parentCode;
    }
    // The chain (child first) ends at an existing unit, a unit already planned, or a cycle.
    const blocked = current !== undefined && onCycle.has(current);
    for (const member of chain.reverse()) {
      if (onCycle.has(member) || done.has(member)) continue;
      if (blocked) continue;
      done.add(member);
      create.push((fresh.get(member) as { unit: ImportedUnit }).unit);
    }
  }
  for (const code of onCycle) {
    const { index, unit } = fresh.get(code) as { index: number; unit: ImportedUnit };
    problems.push({
      path: at(index, 'parentCode'),
      constraint: 'noCycle',
      message: `${at(index, 'parentCode')}: unit ${code} is its own ancestor through ${unit.parentCode} (a cycle)`,
    });
  }
  problems.sort((a, b) => indexOf(a.path) - indexOf(b.path));
  return { problems, create: problems.length === 0 ? create : [], unchanged };
}

const indexOf = (path: string): number => Number(/\[(\d+)\]/.exec(path)?.[1] ?? 0);
