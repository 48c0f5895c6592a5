/**
 * A case subject may name a cadre by `cadreId` instead of carrying its facts (SPEC §7): at
 * `subject.<field>` (one cadre) or in `subject.<field>[]` (candidates). The shell fills such a
 * cadre from the registry when the case opens, reads the registry again for each event whose
 * rules evaluate eligibility, and records the facts it used in the history entry's outcome, from
 * which a replay takes them (never from the registry, which may have been corrected since).
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../../engine/index.js';

/** The facts of registry-backed cadres, by cadreId. */
export type RegistryFacts = Readonly<Record<string, JsonObject>>;

const refOf = (value: JsonValue | undefined): string | undefined =>
  isJsonObject(value) && typeof value['cadreId'] === 'string' ? value['cadreId'] : undefined;

/** The cadreIds the subject names, in order, each once. */
export function registryRefs(subject: JsonObject): string[] {
  const ids = new Set<string>();
  for (const value of Object.values(subject)) {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      const id = refOf(item);
      if (id !== undefined) ids.add(id);
    }
  }
  return [...ids];
}

/** Where the subject's cadre facts come from (the case view's `factsSource`). */
export function factsSourceOf(subject: JsonObject): 'registry' | 'inline' {
  return registryRefs(subject).length > 0 ? 'registry' : 'inline';
}

const filled = (item: JsonValue, facts: RegistryFacts): JsonValue => {
  const id = refOf(item);
  if (id === undefined || !isJsonObject(item)) return item;
  const found = facts[id];
  // What the definition needs that the registry does not hold stays; the registry's facts win.
  return found ? { ...item, ...found, id, cadreId: id } : item;
};

/** The subject with each cadre it names filled with the registry's facts. */
export function fillSubject(subject: JsonObject, facts: RegistryFacts): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(subject)) {
    result[key] = Array.isArray(value)
      ? value.map((item) => filled(item, facts))
      : filled(value, facts);
  }
  return result;
}

/**
 * The outcome a history entry records: the rules' evaluations and, when eligibility was
 * evaluated on registry facts, those facts and the day they were read as of.
 */
export function outcomeWithRegistry(
  evaluations: JsonObject | null,
  facts: RegistryFacts | undefined,
  asOf: string,
): JsonObject | null {
  if (evaluations === null || facts === undefined || Object.keys(facts).length === 0) {
    return evaluations;
  }
  const rules = evaluations['rules'];
  const eligibility =
    Array.isArray(rules) &&
    rules.some((rule) => isJsonObject(rule) && rule['rule'] === 'eligibility');
  if (!eligibility) return evaluations;
  return { ...evaluations, registry: { asOf, facts: { ...facts } } };
}

/** The registry facts an entry's outcome recorded (a replay passes them to the step again). */
export function recordedRegistryFacts(outcome: JsonObject | null): RegistryFacts | undefined {
  const registry = outcome?.['registry'];
  if (!isJsonObject(registry) || !isJsonObject(registry['facts'])) return undefined;
  const facts: Record<string, JsonObject> = {};
  for (const [id, value] of Object.entries(registry['facts'])) {
    if (isJsonObject(value)) facts[id] = value;
  }
  return facts;
}

/** A post a decided appointment gives a registry-backed cadre (SPEC §5.5: the result written back). */
export interface AppointedPost {
  readonly cadreId: string;
  readonly postTitle: string;
  /** The unit the subject's position names by id, when it does. */
  readonly unitId?: string;
  readonly since: string;
  readonly termEndsOn?: string;
}

/**
 * The posts an event that ends a case in `appointed` gives the cadres the subject names by
 * cadreId: the subject's position title, from the decision's `effectiveOn`, to the term end
 * the termOfOffice rule recorded (`facts.terms`). None for any other event.
 */
export function appointedPosts(
  subject: JsonObject,
  finalState: string | null,
  facts: JsonObject,
): AppointedPost[] {
  if (finalState !== 'appointed') return [];
  const refs = new Set(registryRefs(subject));
  const position = subject['position'];
  const decision = facts['decision'];
  const terms = facts['terms'];
  if (!isJsonObject(position) || typeof position['title'] !== 'string') return [];
  if (!isJsonObject(decision) || typeof decision['effectiveOn'] !== 'string') return [];
  if (!isJsonObject(terms)) return [];
  const unitId = typeof position['unitId'] === 'string' ? position['unitId'] : undefined;
  return Object.entries(terms)
    .filter(([id]) => refs.has(id))
    .map(([cadreId, term]) => {
      const termEndsOn = isJsonObject(term) ? term['termEndsOn'] : undefined;
      return {
        cadreId,
        postTitle: position['title'] as string,
        ...(unitId === undefined ? {} : { unitId }),
        since: decision['effectiveOn'] as string,
        ...(typeof termEndsOn === 'string' ? { termEndsOn } : {}),
      };
    });
}
