/**
 * Which version of a procedure governs a case: the regulation in force when its process began
 * (SPEC §3.3, §5.2; domain.md §0.2: instances started under an old rule set finish under it).
 */
import { compareDates, isCivilDate, type CivilDate } from '../calendar/civil-date.js';

/** What `versionInForce` reads of a published version. */
export interface VersionRef {
  readonly version: number;
  /** The day its regulation took effect; absent or null: see `versionInForce`. */
  readonly effectiveFrom?: string | null;
}

/**
 * The effective dates of the built-in versions published before definitions carried
 * `effectiveFrom`. Their documents stay byte-identical (a published version never changes, and
 * its content hash covers the whole document), so the date is kept here, by `key@version`.
 */
export const BUILTIN_EFFECTIVE_FROM: Readonly<Record<string, CivilDate>> = {
  // QĐ 80-QĐ/TW, 18/8/2022, in force from signing [S:R1; "from signing" M].
  'appointment@1': '2022-08-18',
  // NĐ 170/2025/NĐ-CP, in force from 1/7/2025 [S:R41].
  'appointment-state@1': '2025-07-01',
  // QĐ 41-QĐ/TW, 3/11/2021, in force from signing [S:R10; "from signing" M].
  'resignation@1': '2021-11-03',
  // QĐ 65-QĐ/TW, 28/4/2022, in force from signing [S:R24; "from signing" M].
  'rotation@1': '2022-04-28',
};

/** A definition's `effectiveFrom`, or the built-in catalogue's for its key and version, or null. */
export function effectiveFromOf(definition: {
  readonly key: string;
  readonly version: number;
  readonly effectiveFrom?: string;
}): CivilDate | null {
  if (definition.effectiveFrom !== undefined && isCivilDate(definition.effectiveFrom))
    return definition.effectiveFrom;
  return BUILTIN_EFFECTIVE_FROM[`${definition.key}@${definition.version}`] ?? null;
}

/**
 * The version in force on `on` (a civil date, Vietnam): the highest version whose effective date
 * is on or before `on`. A version without `effectiveFrom` is in force from its predecessor's
 * effective date — a correction published without a date never reaches back before the
 * regulation it corrects — and a first version without one, from the beginning. Undefined when
 * no version was in force yet (every dated version is later than `on`).
 */
export function versionInForce<T extends VersionRef>(
  versions: readonly T[],
  on: CivilDate,
): T | undefined {
  if (!isCivilDate(on)) throw new RangeError(`Not a date (YYYY-MM-DD): ${String(on)}`);
  const ordered = [...versions].sort((a, b) => a.version - b.version);
  let inherited: CivilDate | null = null;
  let found: T | undefined;
  for (const version of ordered) {
    const own = version.effectiveFrom;
    const from: CivilDate | null =
      own !== undefined && own !== null && isCivilDate(own) ? own : inherited;
    inherited = from;
    if (from === null || compareDates(from, on) <= 0) found = version;
  }
  return found;
}
