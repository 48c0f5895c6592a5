/**
 * What a principal may see and act on (SPEC §1, §7): the units of one subtree of the unit tree,
 * or every unit. Outside its scope a case, a cadre or an export does not exist for the principal
 * (`404`, never a hint). Every route that reads or writes a unit's data asks this one question.
 */

/** The root unit: principals, cases and cadres created without a unit belong to it. */
export const ROOT_UNIT_ID = '00000000-0000-4000-8000-000000000001';
export const ROOT_UNIT_CODE = 'ROOT';

export interface Scope {
  /** True when the principal sees every unit (the root's subtree, or a national scope). */
  readonly everywhere: boolean;
  /** The units inside the scope when not everywhere (the scope unit and every unit below it). */
  readonly unitIds: ReadonlySet<string>;
}

/** The scope of a principal whose scope unit is the root. */
export const EVERYWHERE: Scope = Object.freeze({ everywhere: true, unitIds: new Set<string>() });

export function scopeOfUnits(unitIds: Iterable<string>): Scope {
  return Object.freeze({ everywhere: false, unitIds: new Set(unitIds) });
}

export function inScope(scope: Scope, unitId: string): boolean {
  return scope.everywhere || scope.unitIds.has(unitId);
}
