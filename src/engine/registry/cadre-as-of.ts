/**
 * The fold of a cadre's registry (SPEC §7): what the registry said on a day, from entries that
 * only grow. Pure: the shell reads the entries, this decides what they mean.
 */
import { compareDates, vietnamDate, type CivilDate } from '../calendar/civil-date.js';
import type {
  CadreRecord,
  RegisterData,
  RegisterItem,
  RegisterKind,
  RegistryEntry,
} from './cadre-registry.js';

/** The identity of a cadre, as its row holds it. */
export interface CadreIdentity {
  readonly id: string;
  readonly unitId: string;
  readonly code: string;
}

type Items = { [K in RegisterKind]: Map<number, RegisterItem<K>> };

const emptyItems = (): Items => ({
  person: new Map(),
  post: new Map(),
  planning: new Map(),
  discipline: new Map(),
  rating: new Map(),
  confidenceVote: new Map(),
  freeze: new Map(),
  assignment: new Map(),
});

/** Items by their first seq, oldest first. */
const listOf = <K extends RegisterKind>(items: Map<number, RegisterItem<K>>): RegisterItem<K>[] =>
  [...items.values()].sort((a, b) => a.firstSeq - b.firstSeq);

/**
 * Applies one entry to the items of its register: a new item, a correction of the item the
 * `supersedes` seq currently holds, or (`void`) its withdrawal. An entry that supersedes nothing
 * current (already superseded, unknown, another kind) changes nothing: the store refuses such
 * entries, and the fold never guesses.
 */
function applyEntry<K extends RegisterKind>(
  items: Map<number, RegisterItem<K>>,
  entry: Extract<RegistryEntry, { kind: K }>,
): void {
  if (entry.supersedes === undefined) {
    if (entry.void === true || entry.data === undefined) return;
    items.set(entry.seq, {
      data: entry.data as RegisterData[K],
      seq: entry.seq,
      firstSeq: entry.seq,
      recordedAt: entry.recordedAt,
      ...(entry.caseId === undefined ? {} : { caseId: entry.caseId }),
    });
    return;
  }
  const target = [...items.values()].find((item) => item.seq === entry.supersedes);
  if (!target) return;
  if (entry.void === true || entry.data === undefined) {
    items.delete(target.firstSeq);
    return;
  }
  items.set(target.firstSeq, {
    data: entry.data as RegisterData[K],
    seq: entry.seq,
    firstSeq: target.firstSeq,
    recordedAt: entry.recordedAt,
    ...(entry.caseId === undefined ? {} : { caseId: entry.caseId }),
  });
}

/** Whether the entry was recorded on or before `day` (its Vietnam civil date). */
export const recordedBy = (entry: Pick<RegistryEntry, 'recordedAt'>, day: CivilDate): boolean =>
  compareDates(vietnamDate(entry.recordedAt), day) <= 0;

/**
 * What the registry said of a cadre on `asOf` (Asia/Ho_Chi_Minh civil date; default: every
 * entry): the entries recorded on or before that day, oldest first by seq, with supersession
 * and withdrawal applied. `undefined` when the cadre had no person entry by then (it was not
 * yet in the registry).
 */
export function cadreAsOf(
  entries: readonly RegistryEntry[],
  identity: CadreIdentity,
  asOf?: CivilDate,
): CadreRecord | undefined {
  const items = emptyItems();
  const taken = [...entries]
    .filter((entry) => asOf === undefined || recordedBy(entry, asOf))
    .sort((a, b) => a.seq - b.seq);
  for (const entry of taken) {
    // The map matches the entry's kind (RegistryEntry is a union over kinds).
    applyEntry(items[entry.kind] as Map<number, RegisterItem<RegisterKind>>, entry as never);
  }
  const persons = listOf(items.person);
  const person = persons[persons.length - 1];
  if (!person) return undefined;
  return {
    id: identity.id,
    unitId: identity.unitId,
    code: identity.code,
    person,
    posts: listOf(items.post),
    planning: listOf(items.planning),
    disciplines: listOf(items.discipline),
    ratings: listOf(items.rating),
    confidenceVotes: listOf(items.confidenceVote),
    freezes: listOf(items.freeze),
    assignments: listOf(items.assignment),
  };
}

/** Why an entry cannot follow the given ones (one sentence), or null when it can. */
export type AppendProblem =
  | { readonly kind: 'shape'; readonly reason: string }
  | { readonly kind: 'unknownTarget'; readonly supersedes: number }
  | { readonly kind: 'otherKind'; readonly supersedes: number; readonly targetKind: RegisterKind }
  | { readonly kind: 'alreadySuperseded'; readonly supersedes: number; readonly by: number };

/** What an entry to append says, before the store gives it a seq and a time. */
export interface NewRegistryEntry {
  readonly kind: RegisterKind;
  readonly data?: RegisterData[RegisterKind];
  readonly supersedes?: number;
  readonly void?: boolean;
  readonly caseId?: string;
  readonly note?: string;
}

/**
 * Checks entries to append after `existing` (in order; each new one gets the next seq): a void
 * names what it withdraws and holds no data, any other entry holds data; `supersedes` names an
 * existing entry of the same kind that no entry has superseded yet (an entry earlier in the same
 * batch counts). Returns the problems by index of the new entry.
 */
export function appendProblems(
  existing: readonly Pick<RegistryEntry, 'seq' | 'kind' | 'supersedes'>[],
  added: readonly NewRegistryEntry[],
): Array<{ readonly index: number; readonly problem: AppendProblem }> {
  const kindOf = new Map<number, RegisterKind>();
  const supersededBy = new Map<number, number>();
  let seq = 0;
  for (const entry of existing) {
    kindOf.set(entry.seq, entry.kind);
    if (entry.supersedes !== undefined && !supersededBy.has(entry.supersedes)) {
      supersededBy.set(entry.supersedes, entry.seq);
    }
    seq = Math.max(seq, entry.seq);
  }
  const problems: Array<{ index: number; problem: AppendProblem }> = [];
  added.forEach((entry, index) => {
    seq += 1;
    const problem = problemOf(entry, kindOf, supersededBy);
    if (problem) {
      problems.push({ index, problem });
      return;
    }
    kindOf.set(seq, entry.kind);
    if (entry.supersedes !== undefined) supersededBy.set(entry.supersedes, seq);
  });
  return problems;
}

function problemOf(
  entry: NewRegistryEntry,
  kindOf: ReadonlyMap<number, RegisterKind>,
  supersededBy: ReadonlyMap<number, number>,
): AppendProblem | null {
  if (entry.void === true) {
    if (entry.supersedes === undefined)
      return { kind: 'shape', reason: 'a void entry names the entry it withdraws (supersedes)' };
    if (entry.data !== undefined) return { kind: 'shape', reason: 'a void entry holds no data' };
    if (entry.kind === 'person')
      return { kind: 'shape', reason: 'the person is corrected, never withdrawn' };
  } else if (entry.data === undefined) {
    return { kind: 'shape', reason: 'an entry holds data unless it is void' };
  }
  if (entry.supersedes === undefined) return null;
  const targetKind = kindOf.get(entry.supersedes);
  if (targetKind === undefined) return { kind: 'unknownTarget', supersedes: entry.supersedes };
  if (targetKind !== entry.kind)
    return { kind: 'otherKind', supersedes: entry.supersedes, targetKind };
  const by = supersededBy.get(entry.supersedes);
  if (by !== undefined) return { kind: 'alreadySuperseded', supersedes: entry.supersedes, by };
  return null;
}
