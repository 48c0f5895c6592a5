/**
 * `vote` (deciding): a conference's tally (SPEC §4.1) checked for consistency, then the quorum,
 * then the majority on the step's base, in integer arithmetic (domain.md §2.1–2.2, §4).
 *
 * Results: QUORUM_NOT_MET (satisfied: the vote is recorded as not held, the case stays),
 * HELD (quorum-only steps), PASSED, TIE (exactly half, when the head decides), TOP_TWO,
 * TIE_FOR_SECOND, FAILED. Records each vote in `facts.votes.<state id>` and `facts.lastVote`; a
 * vote that selects candidates makes them `facts.nominees`.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import { checkProperFraction, paramsChecker } from './check-params.js';
import { idsOf, readJsonPath } from './context-path.js';
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
  'QUORUM_NOT_MET' | 'HELD' | 'PASSED' | 'TIE' | 'TOP_TWO' | 'TIE_FOR_SECOND' | 'FAILED';

/** The results in the order `results()` lists them. */
export const VOTE_RESULTS: readonly VoteResult[] = [
  'QUORUM_NOT_MET',
  'HELD',
  'PASSED',
  'TIE',
  'TOP_TWO',
  'TIE_FOR_SECOND',
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

type Parsed = { ok: true; tally: Tally } | { ok: false; problems: string[] };

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

type Located = readonly [field: string, index: number, message: string];

const wholeNumber = (what: string, value: unknown): string =>
  `${what} must be a non-negative whole number (got ${JSON.stringify(value ?? null)})`;

const badId = (index: number): string => `candidates[${index}].id must be a non-empty string`;

/** An Ajv error of the tally schema in plain words; null when another problem says it. */
function describeShapeError(error: ErrorObject, tally: JsonObject): Located | null {
  const [field = '', index, member] = error.instancePath.split('/').slice(1);
  const missing = (error.params as { missingProperty?: string }).missingProperty;
  if (field === '') return [missing ?? '', -1, `${missing ?? 'the tally'} is required`];
  if ((COUNT_FIELDS as readonly string[]).includes(field))
    return [field, -1, wholeNumber(field, tally[field])];
  if (field !== 'candidates') return [field, -1, `${field} ${error.message ?? 'is invalid'}`];
  if (index === undefined) {
    if (error.keyword === 'type') return [field, -1, 'candidates must be an array of {id, votes}'];
    if (error.keyword === 'minItems')
      return [field, -1, 'candidates must list at least one candidate'];
    return [field, -1, `candidates ${error.message ?? 'is invalid'}`];
  }
  const i = Number(index);
  const item = (tally['candidates'] as JsonValue[])[i];
  const { id, votes } = isJsonObject(item) ? item : {};
  if ((member ?? missing) !== 'votes') {
    return error.keyword === 'maxLength'
      ? [field, i, `candidates[${i}].id ${error.message ?? 'is too long'}`]
      : [field, i, badId(i)];
  }
  // A candidate without a usable id is reported for its id alone.
  return isNonEmptyString(id) ? [field, i, wholeNumber(`candidate ${id}: votes`, votes)] : null;
}

/**
 * The tally's shape, checked by Ajv against `VOTE_TALLY_SCHEMA`, then what a schema cannot say:
 * counts small enough for exact arithmetic, ids that are not blank, each candidate once.
 */
function checkShape(tally: JsonObject): string[] {
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
    else if (tooLarge(votes))
      problems.push(['candidates', i, wholeNumber(`candidate ${id}: votes`, votes)]);
    else if (isCount(votes)) {
      if (seen.has(id))
        problems.push(['candidates', i, `candidate ${id} is listed more than once`]);
      seen.add(id);
    }
  });
  const rank = ([field, index]: Located) => [FIELD_ORDER.indexOf(field), index] as const;
  problems.sort((a, b) => rank(a)[0] - rank(b)[0] || rank(a)[1] - rank(b)[1]);
  return [...new Set(problems.map(([, , message]) => message))];
}

function parseTally(
  raw: unknown,
  rule: VoteRule,
  allowedCandidates: readonly string[] | undefined,
): Parsed {
  if (!isJsonObject(raw)) return { ok: false, problems: ['the tally must be an object'] };
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

  if (summoned < 1) problems.push('summoned must be at least 1');
  if (present > summoned) problems.push(`present (${present}) is more than summoned (${summoned})`);
  if (ballotsReturned > present) {
    problems.push(`ballotsReturned (${ballotsReturned}) is more than present (${present})`);
  }
  if (invalid > ballotsReturned) {
    problems.push(`invalid (${invalid}) is more than ballotsReturned (${ballotsReturned})`);
  }

  if (hasYesNo && hasCandidates) {
    problems.push('a tally is either yes/no (inFavour, against, abstain) or candidates, not both');
  } else if (hasYesNo && rule.mode === 'candidates') {
    problems.push('this step votes on candidates: send candidates, not inFavour/against/abstain');
  } else if (hasCandidates && rule.mode === 'yesNo') {
    problems.push('this step is a yes/no vote: send inFavour/against/abstain, not candidates');
  }

  if (hasYesNo) {
    if (counts.inFavour === undefined) problems.push('inFavour is required in a yes/no tally');
    const used = inFavour + against + abstain + invalid;
    if (used > ballotsReturned) {
      problems.push(
        `inFavour + against + abstain + invalid (${inFavour} + ${against} + ${abstain} + ${invalid} = ${used}) is more than ballotsReturned (${ballotsReturned})`,
      );
    }
  }

  if (hasCandidates) {
    // Each valid ballot gives a candidate at most one vote. Ballots may name several candidates
    // (an opinion on each nominee), so the sum is bounded only when the step says singleChoice.
    const validBallots = ballotsReturned - invalid;
    for (const candidate of candidates) {
      if (candidate.votes > validBallots) {
        problems.push(
          `candidate ${candidate.id} has ${candidate.votes} votes, more than the ${validBallots} valid ballots`,
        );
      }
    }
    if (rule.singleChoice) {
      const sum = candidates.reduce((total, c) => total + c.votes, 0);
      if (sum + invalid > ballotsReturned) {
        problems.push(
          `the candidates' votes plus invalid ballots (${sum} + ${invalid}) are more than ballotsReturned (${ballotsReturned}); each ballot names one candidate`,
        );
      }
    }
    if (allowedCandidates) {
      const allowed = new Set(allowedCandidates);
      for (const candidate of candidates) {
        if (!allowed.has(candidate.id)) {
          problems.push(
            `candidate ${candidate.id} is not one of this step's candidates (${allowedCandidates.join(', ')})`,
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
 * given, is the list of candidate ids the tally may name.
 */
export function evaluateVote(
  tally: unknown,
  params: VoteParams = {},
  allowedCandidates?: readonly string[],
): RuleEvaluation {
  const rule = resolveVoteRule(params);
  const ruleDetails = describeRule(rule, params.candidatesFrom);
  const parsed = parseTally(tally, rule, allowedCandidates);
  if (!parsed.ok) return inconsistent(parsed.problems, { rule: ruleDetails });
  const t = parsed.tally;
  const quorum = checkQuorum(t, rule.quorum);
  const details: JsonObject = {
    rule: ruleDetails,
    tally: describeTally(t),
    quorum: quorum.details,
  };
  if (params.announced !== undefined) details['announced'] = params.announced;

  if (!quorum.met) return decided(details, 'QUORUM_NOT_MET');
  if (rule.quorumOnly) return decided(details, 'HELD');
  if (t.form === 'none') {
    return inconsistent(
      ['the tally has neither a yes/no count (inFavour, against, abstain) nor candidates'],
      details,
    );
  }
  // checkParams requires a base unless quorumOnly; reaching here without one is a caller bug.
  if (rule.base === null) throw new Error('vote: params without a base reached a deciding vote');

  const base = baseValue(t, rule.base);
  details['base'] = { kind: rule.base, reads: base.reads, value: base.value };
  return t.form === 'yesNo'
    ? decideYesNo(t, rule, base.value, details)
    : decideCandidates(t, rule, base.value, details);
}

function inconsistent(problems: readonly string[], details: JsonObject): RuleEvaluation {
  return refused(
    'vote',
    `The vote tally is inconsistent: ${problems.join('; ')}.`,
    'VALIDATION_FAILED',
    { ...details, problems: [...problems] },
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

function decideCandidates(
  t: Tally,
  rule: VoteRule,
  base: number,
  details: JsonObject,
): RuleEvaluation {
  const ranking = t.candidates.map((c) => ({ ...c, ...standing(c.votes, base) }));
  details['ranking'] = ranking.map((c) => ({ ...c }));
  const top = ranking[0];
  if (top === undefined) return decided(details, 'FAILED'); // parseTally requires one candidate
  const leaders = ranking.filter((c) => c.votes === top.votes);

  // QĐ 80 Art. 21 / NĐ 170: the one with the most votes, provided that is more than half.
  if (top.aboveHalf && leaders.length === 1) {
    return decided(details, 'PASSED', { selected: [top.id] });
  }
  if (top.exactlyHalf && rule.tieAtHalf === 'HEAD_DECIDES') {
    return decided(details, 'TIE', { tied: leaders.map((c) => c.id) });
  }
  // Nobody is alone at the top above half (a tie for first above half can only happen when
  // ballots name several candidates; it is treated as "nobody selected").
  if (rule.noneAboveHalf === 'FAIL') return decided(details, 'FAILED');
  return decideTopTwo(ranking, rule, details);
}

// QĐ 105 step 3: if nobody has more than half, the two highest go forward. A candidate without
// a single vote never goes forward; a tie for the second slot is the head's choice
// (domain.md scenario 8, by analogy with the Party election rule) or fails.
function decideTopTwo(
  ranking: readonly CandidateCount[],
  rule: VoteRule,
  details: JsonObject,
): RuleEvaluation {
  const contenders = ranking.filter((c) => c.votes > 0);
  const second = contenders[1];
  if (contenders.length === 0)
    return decided(details, 'FAILED', { note: 'no candidate received a vote' });
  if (second === undefined)
    return decided(details, 'TOP_TWO', { selected: contenders.map((c) => c.id) });
  const ahead = contenders.filter((c) => c.votes > second.votes);
  const tiedForSlot = contenders.filter((c) => c.votes === second.votes);
  const openSlots = 2 - ahead.length;
  if (tiedForSlot.length <= openSlots) {
    return decided(details, 'TOP_TWO', { selected: [...ahead, ...tiedForSlot].map((c) => c.id) });
  }
  // Not `selected`: nobody goes forward until the head has filled the open slots (a `selection`
  // rule checks the choice keeps everyone `ahead` and picks among the `tied`).
  const tie: JsonObject = {
    ahead: ahead.map((c) => c.id),
    tied: tiedForSlot.map((c) => c.id),
    openSlots,
  };
  return rule.tieForSecond === 'HEAD_DECIDES'
    ? decided(details, 'TIE_FOR_SECOND', tie)
    : decided(details, 'FAILED', tie);
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
  };
  if (candidatesFrom !== undefined) described['candidatesFrom'] = candidatesFrom;
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
    },
  },
  (params) => {
    const problems: ParamProblem[] = [...checkProperFraction(params.quorum, 'quorum')];
    // domain.md §2.2: the base is the most error-prone part of a vote, so it is never implied.
    if (params.base === undefined && params.quorumOnly !== true) {
      problems.push({ path: 'base', message: 'is required unless quorumOnly is true' });
    }
    return problems;
  },
);

export const voteRule: RuleSpec<VoteParams> = {
  type: 'vote',
  description:
    'Checks a vote tally (quorum, then more than half of the base in integer arithmetic) and decides PASSED, TIE, TOP_TWO, TIE_FOR_SECOND, FAILED, HELD or QUORUM_NOT_MET.',
  checkParams: checkVoteParams,
  results: voteResults,
  evaluate(input: RuleInput<VoteParams>): RuleEvaluation {
    const { candidatesFrom } = input.params;
    if (candidatesFrom === undefined) return evaluateVote(input.event.payload, input.params);
    const allowed = idsOf(readJsonPath(input.context.facts, candidatesFrom));
    if (allowed === undefined) {
      return refused(
        'vote',
        `No list of candidates is recorded at facts.${candidatesFrom}, so the tally cannot be checked against it.`,
        'RULE_NOT_SATISFIED',
        { rule: describeRule(resolveVoteRule(input.params), candidatesFrom) },
      );
    }
    return evaluateVote(input.event.payload, input.params, allowed);
  },
  defs: { voteTally: VOTE_TALLY_SCHEMA },
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
