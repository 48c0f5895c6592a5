/**
 * The unit tree as data, and the questions asked of it: a unit's subtree (a scope), whether one
 * unit is an ancestor of another, and the problems of an import. Pure: no database, no clock.
 */
import { EVERYWHERE, ROOT_UNIT_ID, scopeOfUnits, type Scope } from './scope.js';

/** A unit as the API shows it (GET /api/units). */
export interface Unit {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Null for the root only. */
  readonly parentId: string | null;
}

/** The tree of every unit, indexed for the questions below. */
export class UnitTree {
  private readonly byId = new Map<string, Unit>();
  private readonly byCodeMap = new Map<string, Unit>();
  private readonly children = new Map<string, string[]>();
  private readonly subtrees = new Map<string, Scope>();

  constructor(readonly units: readonly Unit[]) {
    for (const unit of units) {
      this.byId.set(unit.id, unit);
      this.byCodeMap.set(unit.code, unit);
      if (unit.parentId !== null) {
        const siblings = this.children.get(unit.parentId);
        if (siblings) siblings.push(unit.id);
        else this.children.set(unit.parentId, [unit.id]);
      }
    }
  }

  get(id: string): Unit | undefined {
    return this.byId.get(id);
  }

  byCode(code: string): Unit | undefined {
    return this.byCodeMap.get(code);
  }

  /** The unit and every unit below it (breadth first); empty for an unknown unit. */
  subtreeIds(id: string): string[] {
    if (!this.byId.has(id)) return [];
    const ids = [id];
    const seen = new Set(ids);
    for (let i = 0; i < ids.length; i += 1) {
      for (const child of this.children.get(ids[i] as string) ?? []) {
        // A cycle cannot be written (no re-parenting), but a tree read from a tampered table
        // must not loop.
        if (seen.has(child)) continue;
        seen.add(child);
        ids.push(child);
      }
    }
    return ids;
  }

  /** The scope of a principal whose scope unit is `id`: the root's subtree is EVERYWHERE. */
  scopeOf(id: string): Scope {
    if (id === ROOT_UNIT_ID) return EVERYWHERE;
    let scope = this.subtrees.get(id);
    if (!scope) {
      scope = scopeOfUnits(this.subtreeIds(id));
      this.subtrees.set(id, scope);
    }
    return scope;
  }

  /** Whether `ancestor` is `unit` itself or a unit above it. */
  isAncestorOrSelf(ancestor: string, unit: string): boolean {
    const seen = new Set<string>();
    let current: string | null = unit;
    while (current !== null && !seen.has(current)) {
      if (current === ancestor) return true;
      seen.add(current);
      current = this.byId.get(current)?.parentId ?? null;
    }
    return false;
  }
}

/** The units as GET /api/units lists them: by code. */
export const byCode = (a: Unit, b: Unit): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
