/**
 * `vote` (deciding): a conference's tally (SPEC §4.1) checked for consistency, then the quorum,
 * then the majority on the step's base, in integer arithmetic (domain.md §2.1–2.2, §4).
 *
 * A vote fills `seats` posts of one title (SPEC §5.2 corrections): each ballot gives at most one
 * choice per post, the highest candidates with more than half are kept up to the number of
 * posts, and each post left unfilled sends its top two (a parameter) to the next round.
 *
 * Results: QUORUM_NOT_MET (satisfied: the vote is recorded as not held, the case stays),
 * HELD (quorum-only steps), PASSED, TIE (exactly half, when the head decides), TOP_TWO,
 * TIE_FOR_SECOND, REFERRED (the selection differs from an earlier round's and the step waits for
 * the competent authority's direction), FAILED. Records each vote in `facts.votes.<state id>` and
 * `facts.lastVote`; a vote that selects candidates makes them `facts.nominees`.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import { checkProperFraction, paramsChecker } from './check-params.js';
import { contextPathSchema, idsOf, readContextPath, readJsonPath } from './context-path.js';
import { message, render, type Message } from '../messages/message.js';
import {
  compareExact,
  formatComparison,
  formatFraction,
  isCount,
  isNonEmptyString,
  refused,
  satisfied,
  type Fraction,
} from './evaluation.js';
import type { ParamProblem, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export type ThresholdBase = 'TOTAL_MEMBERS' | 'TOTAL_SUMMONED' | 'BALLOTS_RETURNED';
export type VoteMode = 'yesNo' | 'candidates' | 'either';
export type VoteResult =
  | 'QUORUM_NOT_MET'
  | 'HELD'
  | 'PASSED'
  | 'TIE'
  | 'TOP_TWO'
  | 'TIE_FOR_SECOND'
  | 'REFERRED'
  | 'FAILED';

/** The results in the order `results()` lists them. */
export const VOTE_RESULTS: readonly VoteResult[] = [
  'QUORUM_NOT_MET',
  'HELD',
  'PASSED',
  'TIE',
  'TOP_TWO',
  'TIE_FOR_SECOND',
  'REFERRED',
  'FAILED',
];

/** The params a definition writes; every member but `base` has a default (see `resolveVoteRule`). */
export interface VoteParams {
  /** `present·denominator ≥ summoned·numerator`; `null` = no quorum. Default 2/3 (QĐ 80 Art. 21). */
  readonly quorum?: Fraction | null;
  /** What "more than half" is measured against. Required unless `quorumOnly`. */
  readonly base?: ThresholdBase;
  /** Exactly half: the head decides (result TIE) or the vote fails. Default FAIL. */
  readonly tieAtHalf?: 'HEAD_DECIDES' | 'FAIL';
  /** Which tally forms the step accepts. Default `either`. */
  readonly mode?: VoteMode;
  /** The step's only condition is the quorum (result HELD). Default false. */
  readonly quorumOnly?: boolean;
  /** Candidates: nobody strictly above half → the two highest go forward, or fail. Default FAIL. */
  readonly noneAboveHalf?: 'TOP_TWO' | 'FAIL';
  /** TOP_TWO with second place tied → the head selects (TIE_FOR_SECOND), or fail. Default HEAD_DECIDES. */
  readonly tieForSecond?: 'HEAD_DECIDES' | 'FAIL';
  /** Each ballot names one candidate, so `sum(votes) + invalid ≤ ballotsReturned`. Default false. */
  readonly singleChoice?: boolean;
  /** Fact (in `context.facts`) listing the candidate ids this vote may name. */
  readonly candidatesFrom?: string;
  /**
   * Whether the result is announced at the conference (NĐ 170 Art. 33 step 3) or kept secret
   * (QĐ 80 and NĐ 170 step 2). Decides nothing; recorded in the outcome and the vote's facts.
   */
  readonly announced?: boolean;
  /** Posts of the title this vote fills. Default: the number at `seatsFrom`, else 1. */
  readonly seats?: number;
  /**
   * Context path of the number of posts, e.g. `facts.policy.headcount`. Without `seats` or
   * `seatsFrom`, the built-in convention applies: `facts.policy.headcount` when it holds a
   * positive whole number (the policy request of SPEC §5.2), else 1.
   */
  readonly seatsFrom?: string;
  /**
   * How many candidates a ballot may name: `perPost` (one choice per post, so the candidates'
   * votes total at most the valid ballots × seats; the default for a deciding vote) or
   * `perCandidate` (an opinion on each candidate, each bounded by the valid ballots; the default
   * for a quorum-only step such as the key officials' opinion).
   */
  readonly choicesPerBallot?: 'perPost' | 'perCandidate';
  /** Under TOP_TWO: how many candidates go on for each post left unfilled. Default 2. */
  readonly perUnfilledPost?: number;
  /**
   * The state id of an earlier vote (its record in `facts.votes`) whose leading candidates this
   * round's are compared with, e.g. step 3 against step 2 (NĐ 138's rule, domain.md §3.1).
   */
  readonly compareWith?: string;
  /** When the leaders differ: `RECORD` (default: written into the outcome) or `REFER` (result REFERRED). */
  readonly whenDifferent?: 'RECORD' | 'REFER';
}

/** What the rule reads from the case besides the tally. */
export interface VoteContext {
  /** Posts this vote fills (default 1). */
  readonly seats?: number;
  /** Where `seats` came from, for the audit details. */
  readonly seatsFrom?: string;
  /** The earlier vote's record (`facts.votes[compareWith]`), when `compareWith` is set. */
  readonly earlier?: JsonValue;
}

export interface VoteRule {
  readonly quorum: Fraction | null;
  readonly base: ThresholdBase | null;
  readonly tieAtHalf: 'HEAD_DECIDES' | 'FAIL';
  readonly mode: VoteMode;
  readonly quorumOnly: boolean;
  readonly noneAboveHalf: 'TOP_TWO' | 'FAIL';
  readonly tieForSecond: 'HEAD_DECIDES' | 'FAIL';
  readonly singleChoice: boolean;
  readonly choicesPerBallot: 'perPost' | 'perCandidate';
  readonly perUnfilledPost: number;
  readonly compareWith: string | null;
  readonly whenDifferent: 'RECORD' | 'REFER';
}

// QĐ 80 Art. 21, NĐ 170 Art. 33, QĐ 96: a conference is valid with 2/3 of the summoned present.
export const DEFAULT_QUORUM: Fraction = { numerator: 2, denominator: 3 };

export function resolveVoteRule(params: VoteParams = {}): VoteRule {
  return {
    quorum: params.quorum === undefined ? DEFAULT_QUORUM : params.quorum,
    base: params.base ?? null,
    tieAtHalf: params.tieAtHalf ?? 'FAIL',
    mode: params.mode ?? 'either',
    quorumOnly: params.quorumOnly ?? false,
    noneAboveHalf: params.noneAboveHalf ?? 'FAIL',
    tieForSecond: params.tieForSecond ?? 'HEAD_DECIDES',
    singleChoice: params.singleChoice ?? false,
    choicesPerBallot: params.choicesPerBallot ?? (params.quorumOnly ? 'perCandidate' : 'perPost'),
    perUnfilledPost: params.perUnfilledPost ?? 2,
    compareWith: params.compareWith ?? null,
    whenDifferent: params.whenDifferent ?? 'RECORD',
  };
}

/** The results `evaluateVote` can return under these params. */
export function voteResults(params: VoteParams = {}): VoteResult[] {
  const rule = resolveVoteRule(params);
  const reachable = new Set<VoteResult>();
  if (rule.quorum !== null) reachable.add('QUORUM_NOT_MET');
  if (rule.quorumOnly) {
    reachable.add('HELD');
  } else {
    reachable.add('PASSED');
    reachable.add('FAILED'); // no votes in favour; under TOP_TWO, no candidate with a vote
    if (rule.tieAtHalf === 'HEAD_DECIDES') reachable.add('TIE');
    if (rule.mode !== 'yesNo' && rule.noneAboveHalf === 'TOP_TWO') {
      reachable.add('TOP_TWO');
      if (rule.tieForSecond === 'HEAD_DECIDES') reachable.add('TIE_FOR_SECOND');
    }
    // Listed whenever the step compares, so that a profile can switch whenDifferent between
    // RECORD and REFER (a parameter) without changing its branches.
    if (rule.mode !== 'yesNo' && rule.compareWith !== null) reachable.add('REFERRED');
  }
  return VOTE_RESULTS.filter((result) => reachable.has(result));
}

// ---------------------------------------------------------------------------------------------
// Tally parsing and consistency (SPEC §4.1)

interface CandidateCount {
  readonly id: string;
  readonly votes: number;
}

interface Tally {
  readonly summoned: number;
  readonly present: number;
  readonly ballotsReturned: number;
  readonly invalid: number;
  readonly form: 'yesNo' | 'candidates' | 'none';
  readonly inFavour: number;
  readonly against: number;
  readonly abstain: number;
  /** Sorted by votes descending, then id: the input order never matters. */
  readonly candidates: readonly CandidateCount[];
}

type Parsed = { ok: true; tally: Tally } | { ok: false; problems: Message[] };

const COUNT_FIELDS = [
  'summoned',
  'present',
  'ballotsReturned',
  'invalid',
  'inFavour',
  'against',
  'abstain',
] as const;
type CountField = (typeof COUNT_FIELDS)[number];

const count = { type: 'integer', minimum: 0 };

/**
 * The tally of SPEC §4.1, RECORD_VOTE's payload: the built-in `$defs` `voteTally`, and the shape
 * `evaluateVote` checks before its arithmetic.
 */
export const VOTE_TALLY_SCHEMA: JsonObject = {
  type: 'object',
  required: ['summoned', 'present'],
  additionalProperties: false,
  properties: {
    ...Object.fromEntries(COUNT_FIELDS.map((field) => [field, count])),
    candidates: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        required: ['id', 'votes'],
        additionalProperties: false,
        properties: { id: { type: 'string', minLength: 1, maxLength: 200 }, votes: count },
      },
    },
    minutesRef: { type: 'string', maxLength: 500 },
  },
};

// The rule reads the fields it knows: whether others may be sent is the payload schema's
// business, so they are dropped (on a copy) rather than refused.
const validateTallyShape = new Ajv({ allErrors: true, removeAdditional: true }).compile(
  VOTE_TALLY_SCHEMA,
);

// Problems sort by the field's place in the schema, then by the candidate's index.
const FIELD_ORDER: readonly string[] = Object.keys(VOTE_TALLY_SCHEMA['properties'] as JsonObject);

type Located = readonly [field: string, index: number, message: Message];

const wholeNumber = (field: string, value: unknown): Message =>
  message('vote.notCount', { field, got: JSON.stringify(value ?? null) });

const badVotes = (id: string, value: unknown): Message =>
  message('vote.candidateVotes', { id, got: JSON.stringify(value ?? null) });

const badId = (index: number): Message => message('vote.candidateId', { index });

const invalidField = (field: string, error: ErrorObject): Message =>
  message('vote.fieldInvalid', { field, problem: error.message ?? 'is invalid' });

/** An Ajv error of the tally schema in plain words; null when another problem says it. */
function describeShapeError(error: ErrorObject, tally: JsonObject): Located | null {
  const [field = '', index, member] = error.instancePath.split('/').slice(1);
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (field === '')
    return [missing ?? '', -1, message('vote.required', { field: missing ?? 'the tally' })];
  if ((COUNT_FIELDS as readonly string[]).includes(field))
    return [field, -1, wholeNumber(field, tally[field])];
  if (field !== 'candidates') return [field, -1, invalidField(field, error)];
  if (index === undefined) {
    if (error.keyword === 'type') return [field, -1, message('vote.candidatesNotArray')];
    if (error.keyword === 'minItems') return [field, -1, message('vote.candidatesEmpty')];
    return [field, -1, invalidField(field, error)];
  }
  const i = Number(index);
  const item = (tally['candidates'] as JsonValue[])[i];
  const { id, votes } = isJsonObject(item) ? item : {};
  if ((member ?? missing) !== 'votes') {
    return error.keyword === 'maxLength'
      ? [field, i, invalidField(`candidates[${i}].id`, error)]
      : [field, i, badId(i)];
  }
  // A candidate without a usable id is reported for its id alone.
  return isNonEmptyString(id) ? [field, i, badVotes(id, votes)] : null;
}

/**
 * The tally's shape, checked by Ajv against `VOTE_TALLY_SCHEMA`, then what a schema cannot say:
 * counts small enough for exact arithmetic, ids that are not blank, each candidate once.
 */
function checkShape(tally: JsonObject): Message[] {
  const problems: Located[] = [];
  if (!validateTallyShape(tally)) {
    for (const error of validateTallyShape.errors ?? []) {
      const problem = describeShapeError(error, tally);
      if (problem) problems.push(problem);
    }
  }
  // Integers beyond 2^53 are not exact: a count must be one JavaScript represents exactly.
  const tooLarge = (value: JsonValue | undefined) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && !isCount(value);
  for (const field of COUNT_FIELDS) {
    if (tooLarge(tally[field])) problems.push([field, -1, wholeNumber(field, tally[field])]);
  }
  const seen = new Set<string>();
  const candidates = Array.isArray(tally['candidates']) ? tally['candidates'] : [];
  candidates.forEach((item, i) => {
    const { id, votes } = isJsonObject(item) ? item : {};
    if (typeof id !== 'string' || id === '') return; // the schema's problem
    if (!isNonEmptyString(id)) problems.push(['candidates', i, badId(i)]);
    else if (tooLarge(votes)) problems.push(['candidates', i, badVotes(id, votes)]);
    else if (isCount(votes)) {
      if (seen.has(id)) problems.push(['candidates', i, message('vote.candidateTwice', { id })]);
      seen.add(id);
    }
  });
  const rank = ([field, index]: Located) => [FIELD_ORDER.indexOf(field), index] as const;
  problems.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
  // The same words once (Ajv may say one thing twice).
  const said = new Set<string>();
  return problems.flatMap(([, , problem]) => {
    const text = render(problem, 'en');
    if (said.has(text)) return [];
    said.add(text);
    return [problem];
  });
}

function parseTally(
  raw: unknown,
  rule: VoteRule,
  allowedCandidates: readonly string[] | undefined,
  seats: number,
): Parsed {
  if (!isJsonObject(raw)) return { ok: false, problems: [message('vote.notObject')] };
  // A null field is an absent one; the copy is Ajv's to trim of the fields the rule ignores.
  const tally = structuredClone<JsonObject>(
    Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== null)),
  );
  const problems = checkShape(tally);
  if (problems.length > 0) return { ok: false, problems };
  const counts = tally as Partial<Record<CountField, number>>;
  const hasYesNo = ['inFavour', 'against', 'abstain'].some((f) => tally[f] !== undefined);
  const hasCandidates = tally['candidates'] !== undefined;
  const candidates = ((tally['candidates'] ?? []) as unknown as CandidateCount[]).map(
    ({ id, votes }) => ({ id, votes }),
  );

  const summoned = counts.summoned ?? 0;
  const present = counts.present ?? 0;
  const ballotsReturned = counts.ballotsReturned ?? present; // SPEC §4.1 default
  const invalid = counts.invalid ?? 0;
  const inFavour = counts.inFavour ?? 0;
  const against = counts.against ?? 0;
  const abstain = counts.abstain ?? 0;

  if (summoned < 1) problems.push(message('vote.summonedZero'));
  if (present > summoned)
    problems.push(message('vote.presentAboveSummoned', { present, summoned }));
  if (ballotsReturned > present) {
    problems.push(message('vote.ballotsAbovePresent', { ballotsReturned, present }));
  }
  if (invalid > ballotsReturned) {
    problems.push(message('vote.invalidAboveBallots', { invalid, ballotsReturned }));
  }

  if (hasYesNo && hasCandidates) {
    problems.push(message('vote.bothForms'));
  } else if (hasYesNo && rule.mode === 'candidates') {
    problems.push(message('vote.candidatesExpected'));
  } else if (hasCandidates && rule.mode === 'yesNo') {
    problems.push(message('vote.yesNoExpected'));
  } else if (
    hasYesNo &&
    !rule.quorumOnly &&
    allowedCandidates !== undefined &&
    allowedCandidates.length > 1
  ) {
    // One yes/no count cannot say which of several candidates the members chose (SPEC §5.2:
    // the case carries exactly the appointees its posts allow).
    problems.push(
      message('vote.yesNoForSeveral', {
        count: allowedCandidates.length,
        ids: [...allowedCandidates],
        seats,
      }),
    );
  }

  if (hasYesNo) {
    if (counts.inFavour === undefined) problems.push(message('vote.inFavourRequired'));
    const used = inFavour + against + abstain + invalid;
    if (used > ballotsReturned) {
      problems.push(
        message('vote.yesNoAboveBallots', {
          inFavour,
          against,
          abstain,
          invalid,
          used,
          ballotsReturned,
        }),
      );
    }
  }

  if (hasCandidates) {
    // Each valid ballot gives a candidate at most one vote. A ballot names at most one candidate
    // per post (perPost) unless the step asks for an opinion on each candidate (perCandidate).
    const validBallots = ballotsReturned - invalid;
    for (const candidate of candidates) {
      if (candidate.votes > validBallots) {
        problems.push(
          message('vote.candidateAboveBallots', {
            id: candidate.id,
            votes: candidate.votes,
            valid: validBallots,
          }),
        );
      }
    }
    const sum = candidates.reduce((total, c) => total + c.votes, 0);
    if (rule.singleChoice) {
      if (sum + invalid > ballotsReturned) {
        problems.push(message('vote.singleChoice', { sum, invalid, ballotsReturned }));
      }
    } else if (rule.choicesPerBallot === 'perPost') {
      const limit = Math.max(0, validBallots) * seats;
      if (sum > limit) {
        problems.push(message('vote.perPost', { sum, valid: validBallots, seats, limit }));
      }
    }
    if (allowedCandidates) {
      const allowed = new Set(allowedCandidates);
      for (const candidate of candidates) {
        if (!allowed.has(candidate.id)) {
          problems.push(
            message('vote.unknownCandidate', { id: candidate.id, allowed: [...allowedCandidates] }),
          );
        }
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  return {
    ok: true,
    tally: {
      summoned,
      present,
      ballotsReturned,
      invalid,
      form: hasYesNo ? 'yesNo' : hasCandidates ? 'candidates' : 'none',
      inFavour,
      against,
      abstain,
      candidates: [...candidates].sort(byVotesThenId),
    },
  };
}

function byVotesThenId(a: CandidateCount, b: CandidateCount): number {
  return b.votes - a.votes || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/**
 * The pure core of the `vote` rule. `tally` is the RECORD_VOTE payload; `allowedCandidates`, when
 * given, is the list of candidate ids the tally may name; `context` the posts to fill and the
 * earlier round to compare with.
 */
export function evaluateVote(
  tally: unknown,
  params: VoteParams = {},
  allowedCandidates?: readonly string[],
  context: VoteContext = {},
): RuleEvaluation {
  const rule = resolveVoteRule(params);
  const seats = context.seats ?? 1;
  const ruleDetails = describeRule(rule, params.candidatesFrom);
  const seatDetails: JsonObject =
    seats === 1 && context.seatsFrom === undefined
      ? {}
      : { seats, ...(context.seatsFrom === undefined ? {} : { seatsFrom: context.seatsFrom }) };
  const parsed = parseTally(tally, rule, allowedCandidates, seats);
  if (!parsed.ok) return inconsistent(parsed.problems, { rule: ruleDetails, ...seatDetails });
  const t = parsed.tally;
  const quorum = checkQuorum(t, rule.quorum);
  const details: JsonObject = {
    rule: ruleDetails,
    tally: describeTally(t),
    quorum: quorum.details,
    ...seatDetails,
  };
  if (params.announced !== undefined) details['announced'] = params.announced;

  if (!quorum.met) return decided(details, 'QUORUM_NOT_MET');
  if (rule.quorumOnly) return decided(details, 'HELD');
  if (t.form === 'none') return inconsistent([message('vote.noForm')], details);
  // checkParams requires a base unless quorumOnly; reaching here without one is a caller bug.
  if (rule.base === null) throw new Error('vote: params without a base reached a deciding vote');

  const base = baseValue(t, rule.base);
  details['base'] = { kind: rule.base, reads: base.reads, value: base.value };
  if (t.form === 'yesNo') return decideYesNo(t, rule, base.value, details);
  const evaluation = decideCandidates(t, rule, base.value, seats, details);
  return compared(evaluation, t, rule, seats, context.earlier);
}

function inconsistent(problems: readonly Message[], details: JsonObject): RuleEvaluation {
  return refused(
    'vote',
    message('vote.inconsistent', { problems: [...problems] }),
    'VALIDATION_FAILED',
    { ...details, problems: problems.map((problem) => render(problem, 'en')) },
  );
}

function decided(details: JsonObject, result: VoteResult, extra: JsonObject = {}): RuleEvaluation {
  return satisfied('vote', { ...details, ...extra, result }, result);
}

function checkQuorum(t: Tally, quorum: Fraction | null): { met: boolean; details: JsonObject } {
  if (quorum === null) return { met: true, details: { required: null, met: true } };
  const left = [t.present, quorum.denominator] as const;
  const right = [t.summoned, quorum.numerator] as const;
  const met = compareExact(left, right) >= 0;
  return {
    met,
    details: {
      required: formatFraction(quorum),
      met,
      test: `present·${quorum.denominator} ≥ summoned·${quorum.numerator}`,
      comparison: formatComparison(left, right),
    },
  };
}

function baseValue(t: Tally, base: ThresholdBase): { reads: string; value: number } {
  switch (base) {
    // SPEC §4.1: "for a collective-leadership vote [summoned] is the total number of members".
    case 'TOTAL_MEMBERS':
    case 'TOTAL_SUMMONED':
      return { reads: 'summoned', value: t.summoned };
    // QĐ 96 Art. 6: shares are of the ballots returned (phiếu thu về), invalid ones included.
    case 'BALLOTS_RETURNED':
      return { reads: 'ballotsReturned', value: t.ballotsReturned };
  }
}

interface Standing {
  readonly aboveHalf: boolean;
  readonly exactlyHalf: boolean;
  readonly comparison: string;
}

// "Trên 50%" is strictly more than half: votes·2 > base. Exactly half needs a non-empty base.
function standing(votes: number, base: number): Standing {
  const cmp = compareExact([votes, 2], base);
  return {
    aboveHalf: cmp > 0,
    exactlyHalf: cmp === 0 && base > 0,
    comparison: formatComparison([votes, 2], base),
  };
}

function decideYesNo(t: Tally, rule: VoteRule, base: number, details: JsonObject): RuleEvaluation {
  const s = standing(t.inFavour, base);
  details['inFavour'] = {
    votes: t.inFavour,
    aboveHalf: s.aboveHalf,
    exactlyHalf: s.exactlyHalf,
    comparison: s.comparison,
  };
  if (s.aboveHalf) return decided(details, 'PASSED');
  if (s.exactlyHalf && rule.tieAtHalf === 'HEAD_DECIDES') return decided(details, 'TIE');
  return decided(details, 'FAILED');
}

type Ranked = CandidateCount & Standing;

/**
 * Splits `ranked` (best first) at `slots`: those strictly ahead of the last slot's vote count,
 * and those tied at it. When everyone at or above the cut fits, `tied` fits too.
 */
function cut(
  ranked: readonly Ranked[],
  slots: number,
): { ahead: Ranked[]; tied: Ranked[]; fits: boolean } {
  if (ranked.length <= slots) return { ahead: [...ranked], tied: [], fits: true };
  const last = ranked[slots - 1];
  if (slots === 0 || last === undefined) return { ahead: [], tied: [], fits: true };
  const ahead = ranked.filter((c) => c.votes > last.votes);
  const tied = ranked.filter((c) => c.votes === last.votes);
  return { ahead, tied, fits: ahead.length + tied.length <= slots };
}

const ids = (list: readonly CandidateCount[]) => list.map((c) => c.id);

function decideCandidates(
  t: Tally,
  rule: VoteRule,
  base: number,
  seats: number,
  details: JsonObject,
): RuleEvaluation {
  const ranking: Ranked[] = t.candidates.map((c) => ({ ...c, ...standing(c.votes, base) }));
  details['ranking'] = ranking.map((c) => ({ ...c }));
  if (ranking.length === 0) return decided(details, 'FAILED'); // parseTally requires one

  // QĐ 80 Art. 21 / NĐ 170: the highest votes, provided that is more than half, one per post. A
  // tie at the last post among those above half (possible only with several choices a ballot)
  // fills no post: the tied go on as contenders for it.
  const above = ranking.filter((c) => c.aboveHalf);
  const split = cut(above, seats);
  const filled = split.fits ? [...split.ahead, ...split.tied] : split.ahead;
  const unfilled = seats - filled.length;
  if (unfilled === 0) return decided(details, 'PASSED', { selected: ids(filled) });

  const rest = ranking.filter((c) => !filled.includes(c));
  // Exactly half for an unfilled post, when the head decides (SPEC §4.2): the candidates with
  // the most votes at exactly half are tied for it; the head approves them or names `chosen`.
  const top = rest[0];
  if (top !== undefined && top.exactlyHalf && rule.tieAtHalf === 'HEAD_DECIDES') {
    const tied = rest.filter((c) => c.votes === top.votes);
    return decided(details, 'TIE', {
      ...(filled.length > 0 ? { ahead: ids(filled) } : {}),
      tied: ids(tied),
      openSlots: unfilled,
      // Who goes on if the head approves: the head must name `chosen` when more are tied than
      // posts are open (the tieBreak rule), otherwise all of them.
      selected: ids([...filled, ...tied]),
    });
  }
  if (rule.noneAboveHalf === 'FAIL' || rule.mode === 'yesNo') {
    return filled.length > 0
      ? decided(details, 'PASSED', { selected: ids(filled), unfilled })
      : decided(details, 'FAILED');
  }
  return decideTopTwo(filled, rest, unfilled, rule, details);
}

// QĐ 105 step 3: if nobody has more than half, the two highest go forward — here, the two highest
// for each post left unfilled (a parameter). A candidate without a single vote never goes
// forward; a tie for the last slot is the head's choice (domain.md scenario 8, by analogy with
// the Party election rule) or fails.
function decideTopTwo(
  filled: readonly Ranked[],
  rest: readonly Ranked[],
  unfilled: number,
  rule: VoteRule,
  details: JsonObject,
): RuleEvaluation {
  const contenders = rest.filter((c) => c.votes > 0);
  const slots = rule.perUnfilledPost * unfilled;
  const extra: JsonObject = filled.length > 0 ? { elected: ids(filled), unfilled } : {};
  if (contenders.length === 0) {
    return filled.length > 0
      ? decided(details, 'PASSED', { selected: ids(filled), unfilled })
      : decided(details, 'FAILED', { note: 'no candidate received a vote' });
  }
  const split = cut(contenders, slots);
  if (split.fits) {
    return decided(details, 'TOP_TWO', {
      ...extra,
      selected: ids([...filled, ...split.ahead, ...split.tied]),
    });
  }
  // Not `selected`: nobody goes forward until the head has filled the open slots (a `selection`
  // rule checks the choice keeps everyone `ahead` and picks among the `tied`).
  const ahead = [...filled, ...split.ahead];
  const tie: JsonObject = {
    ...extra,
    ahead: ids(ahead),
    tied: ids(split.tied),
    openSlots: slots - split.ahead.length,
    slots: ahead.length + slots - split.ahead.length,
  };
  return rule.tieForSecond === 'HEAD_DECIDES'
    ? decided(details, 'TIE_FOR_SECOND', tie)
    : decided(details, 'FAILED', tie);
}

/** The candidates with the `seats` highest vote counts (ties at the last included), votes > 0. */
function leaders(candidates: readonly CandidateCount[], seats: number): string[] {
  const voted = [...candidates].filter((c) => c.votes > 0).sort(byVotesThenId);
  const last = voted[Math.min(seats, voted.length) - 1];
  return last === undefined ? [] : voted.filter((c) => c.votes >= last.votes).map((c) => c.id);
}

function earlierCandidates(earlier: JsonValue | undefined): CandidateCount[] | undefined {
  const details = isJsonObject(earlier) ? earlier['details'] : undefined;
  const tally = isJsonObject(details) ? details['tally'] : undefined;
  const list = isJsonObject(tally) ? tally['candidates'] : undefined;
  if (!Array.isArray(list)) return undefined;
  const candidates: CandidateCount[] = [];
  for (const item of list) {
    if (isJsonObject(item) && isNonEmptyString(item['id']) && isCount(item['votes']))
      candidates.push({ id: item['id'], votes: item['votes'] });
  }
  return candidates;
}

// NĐ 138 (domain.md §3.1): when the leadership's nomination (step 3) differs from the wider
// conference's (step 2), the difference is recorded and, where the profile says so, reported to
// the competent authority for direction before step 4 (result REFERRED; the nominees stand).
function compared(
  evaluation: RuleEvaluation,
  t: Tally,
  rule: VoteRule,
  seats: number,
  earlier: JsonValue | undefined,
): RuleEvaluation {
  if (rule.compareWith === null) return evaluation;
  if (evaluation.result !== 'PASSED' && evaluation.result !== 'TOP_TWO') return evaluation;
  const previous = earlierCandidates(earlier);
  if (previous === undefined) {
    return {
      ...evaluation,
      details: { ...evaluation.details, comparison: { with: rule.compareWith, recorded: false } },
    };
  }
  const before = leaders(previous, seats);
  const now = leaders(t.candidates, seats);
  const differs = now.some((id) => !before.includes(id));
  const referred = differs && rule.whenDifferent === 'REFER';
  const comparison: JsonObject = {
    with: rule.compareWith,
    recorded: true,
    earlierLeaders: before,
    leaders: now,
    differs,
    referred,
  };
  const result = referred ? 'REFERRED' : evaluation.result;
  return satisfied('vote', { ...evaluation.details, comparison, result }, result);
}

function describeRule(rule: VoteRule, candidatesFrom: string | undefined): JsonObject {
  const described: JsonObject = {
    quorum: rule.quorum === null ? null : { ...rule.quorum },
    base: rule.base,
    tieAtHalf: rule.tieAtHalf,
    mode: rule.mode,
    quorumOnly: rule.quorumOnly,
    noneAboveHalf: rule.noneAboveHalf,
    tieForSecond: rule.tieForSecond,
    singleChoice: rule.singleChoice,
    choicesPerBallot: rule.choicesPerBallot,
  };
  if (candidatesFrom !== undefined) described['candidatesFrom'] = candidatesFrom;
  if (rule.perUnfilledPost !== 2) described['perUnfilledPost'] = rule.perUnfilledPost;
  if (rule.compareWith !== null) {
    described['compareWith'] = rule.compareWith;
    described['whenDifferent'] = rule.whenDifferent;
  }
  return described;
}

function describeTally(t: Tally): JsonObject {
  const described: JsonObject = {
    form: t.form,
    summoned: t.summoned,
    present: t.present,
    ballotsReturned: t.ballotsReturned,
    invalid: t.invalid,
  };
  if (t.form === 'yesNo') {
    described['inFavour'] = t.inFavour;
    described['against'] = t.against;
    described['abstain'] = t.abstain;
  }
  if (t.form === 'candidates')
    described['candidates'] = t.candidates.map((c) => ({ id: c.id, votes: c.votes }));
  return described;
}

// ---------------------------------------------------------------------------------------------
// The rule

const choiceOf = (values: readonly string[]) => ({ type: 'string', enum: values });

const checkVoteParams = paramsChecker<VoteParams>(
  {
    type: 'object',
    additionalProperties: false,
    properties: {
      quorum: {
        type: ['object', 'null'],
        required: ['numerator', 'denominator'],
        additionalProperties: false,
        properties: {
          numerator: { type: 'integer', minimum: 1 },
          denominator: { type: 'integer', minimum: 1 },
        },
      },
      base: choiceOf(['TOTAL_MEMBERS', 'TOTAL_SUMMONED', 'BALLOTS_RETURNED']),
      tieAtHalf: choiceOf(['HEAD_DECIDES', 'FAIL']),
      mode: choiceOf(['yesNo', 'candidates', 'either']),
      quorumOnly: { type: 'boolean' },
      noneAboveHalf: choiceOf(['TOP_TWO', 'FAIL']),
      tieForSecond: choiceOf(['HEAD_DECIDES', 'FAIL']),
      singleChoice: { type: 'boolean' },
      candidatesFrom: { type: 'string', pattern: '^[^.]+(\\.[^.]+)*$' },
      announced: { type: 'boolean' },
      seats: { type: 'integer', minimum: 1, maximum: 100 },
      seatsFrom: contextPathSchema,
      choicesPerBallot: choiceOf(['perPost', 'perCandidate']),
      perUnfilledPost: { type: 'integer', minimum: 1, maximum: 10 },
      compareWith: { type: 'string', minLength: 1, maxLength: 300 },
      whenDifferent: choiceOf(['RECORD', 'REFER']),
    },
  },
  (params) => {
    const problems: ParamProblem[] = [...checkProperFraction(params.quorum, 'quorum')];
    // domain.md §2.2: the base is the most error-prone part of a vote, so it is never implied.
    if (params.base === undefined && params.quorumOnly !== true) {
      problems.push({ path: 'base', message: 'is required unless quorumOnly is true' });
    }
    if (params.seats !== undefined && params.seatsFrom !== undefined) {
      problems.push({ path: 'seatsFrom', message: 'cannot be combined with seats: choose one' });
    }
    if (params.whenDifferent !== undefined && params.compareWith === undefined) {
      problems.push({ path: 'whenDifferent', message: 'needs compareWith' });
    }
    return problems;
  },
);

// The built-in convention (SPEC §5.2): the policy request records the number of posts.
const DEFAULT_SEATS_FROM = 'facts.policy.headcount';

/** The posts a vote fills: `seats`, the number at `seatsFrom`, or the policy's headcount, or 1. */
export function resolveSeats(
  input: RuleInput<VoteParams>,
): { seats: number; seatsFrom?: string } | { problem: string } {
  const { seats, seatsFrom } = input.params;
  if (seats !== undefined) return { seats };
  const path = seatsFrom ?? DEFAULT_SEATS_FROM;
  const value = readContextPath(input, path);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1)
    return { seats: value, seatsFrom: path };
  if (seatsFrom !== undefined) return { problem: path };
  return { seats: 1 };
}

export const voteRule: RuleSpec<VoteParams> = {
  type: 'vote',
  description:
    'Checks a vote tally (quorum, one choice per post, then more than half of the base in integer arithmetic) and decides PASSED, TIE, TOP_TWO, TIE_FOR_SECOND, REFERRED, FAILED, HELD or QUORUM_NOT_MET.',
  checkParams: checkVoteParams,
  results: voteResults,
  evaluate(input: RuleInput<VoteParams>): RuleEvaluation {
    const { candidatesFrom, compareWith } = input.params;
    const ruleDetails = describeRule(resolveVoteRule(input.params), candidatesFrom);
    const seats = resolveSeats(input);
    if ('problem' in seats) {
      return refused(
        'vote',
        message('vote.inconsistent', {
          problems: [message('vote.required', { field: seats.problem })],
        }),
        'VALIDATION_FAILED',
        { rule: ruleDetails },
      );
    }
    const votes = input.context.facts['votes'];
    const context: VoteContext = {
      ...seats,
      ...(compareWith !== undefined && isJsonObject(votes) && Object.hasOwn(votes, compareWith)
        ? { earlier: votes[compareWith] }
        : {}),
    };
    if (candidatesFrom === undefined)
      return evaluateVote(input.event.payload, input.params, undefined, context);
    const allowed = idsOf(readJsonPath(input.context.facts, candidatesFrom));
    if (allowed === undefined) {
      return refused(
        'vote',
        message('vote.noCandidateList', { fact: candidatesFrom }),
        'RULE_NOT_SATISFIED',
        { rule: ruleDetails },
      );
    }
    return evaluateVote(input.event.payload, input.params, allowed, context);
  },
  defs: { voteTally: VOTE_TALLY_SCHEMA },
  factsRecorded: () => ['votes', 'lastVote', 'nominees'],
  record({ context, event, evaluation, stateId }) {
    const details = evaluation.details;
    const votes = isJsonObject(context.facts['votes']) ? context.facts['votes'] : {};
    const selected = details['selected'];
    const record: JsonObject = {
      stateId,
      result: evaluation.result ?? null,
      at: event.now,
      details,
    };
    const facts: JsonObject = {
      ...context.facts,
      votes: { ...votes, [stateId]: record },
      // The latest vote, readable by path (state ids contain dots).
      lastVote: record,
    };
    if (Array.isArray(selected) && selected.length > 0) facts['nominees'] = selected;
    return { facts };
  },
};
