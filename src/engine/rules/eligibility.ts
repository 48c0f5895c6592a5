/**
 * `eligibility` (gate): checks cadres (SPEC §5.1 facts) against the conditions of QĐ 80 Art. 18,
 * QĐ 377, QĐ 65 and the freeze rules (domain.md §2.4–2.5).
 *
 * Dates (SPEC §5.2 corrections): age and time in post are measured on `measuredOn` — the day the
 * organization board received the proposal and dossier (HD 06-HD/BTCTW), a recorded fact — or,
 * without it, on the Vietnam civil date of the event; discipline waiting periods, freezes and a
 * protected duty are judged on the event's date, so a check run again at vetting or at the
 * decision sees what arose since.
 *
 * A candidate's `relation` to the post (`first`, `higher`, `equal`; default `higher`) decides
 * which checks apply when the params say so (`relations`); time in equivalent posts counts
 * cumulatively when `cumulativeEquivalentPosts` is set. An exception (the number of the
 * competent authority's document) lifts the checks listed in `liftedByException` and is
 * recorded. Refused when any checked cadre fails.
 */
import {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  formatYearsAndMonths,
  isCivilDate,
  isIsoInstant,
  vietnamDate,
  wholeMonthsBetween,
  yearsAndMonthsBetween,
  toYearsAndMonths,
  type CivilDate,
} from '../calendar/civil-date.js';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { paramsChecker } from './check-params.js';
import {
  contextPathSchema,
  idsOf,
  payloadFieldSchema,
  readContextPath,
  readJsonPath,
  readPayloadField,
} from './context-path.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import { message, render, type Message } from '../messages/message.js';
import {
  GENDERS,
  retirementAgeReachedOn,
  statutoryRetirementAge,
  statutoryRetirementDate,
  type Gender,
} from './retirement.js';
import type { ParamProblem, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export type DisciplineLevel = 'reprimand' | 'warning' | 'removal';
export const DISCIPLINE_LEVELS: readonly DisciplineLevel[] = ['reprimand', 'warning', 'removal'];
export const FREEZE_KINDS = [
  'inspection',
  'investigation',
  'audit',
  'disciplinaryReview',
  'denunciation',
] as const;
export type FreezeKind = (typeof FREEZE_KINDS)[number];
/** Yearly ratings (đánh giá, xếp loại), read by `dismissalGrounds`. */
export const RATINGS = ['excellent', 'good', 'completed', 'notCompleted'] as const;
/** Conclusions of a competent body that may be grounds for dismissal (`dismissalGrounds`). */
export const CONCLUSION_KINDS = [
  'politicalDegradation',
  'politicalStandards',
  'disciplineLostPrestige',
  'headResponsibility',
] as const;

export interface Discipline {
  readonly level: DisciplineLevel;
  readonly effectiveOn: CivilDate;
}

export interface Freeze {
  readonly kind: FreezeKind;
  readonly since: CivilDate;
  readonly until?: CivilDate;
  /** The day the freeze was lifted (a conclusion, a decision): not active from that day on. */
  readonly liftedOn?: CivilDate;
}

/** The candidate's relation to the post (SPEC §5.2): first leadership post, higher, equal or lower. */
export type Relation = 'first' | 'higher' | 'equal';
export const RELATIONS: readonly Relation[] = ['first', 'higher', 'equal'];

/** A period in an equivalent post, `to` being the last day held. */
export interface PostPeriod {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

/** The facts of a cadre the checks read (SPEC §5.1); only the fields an enabled check needs are required. */
export interface Cadre {
  readonly id: string;
  readonly fullName?: string;
  readonly gender?: Gender;
  readonly dateOfBirth?: CivilDate;
  readonly currentPositionSince?: CivilDate;
  readonly inPlanning?: boolean;
  /** The cadre's own disciplines followed by those recorded in `facts.disciplines` since. */
  readonly disciplines: readonly (Discipline & { readonly recordedIn?: 'subject' | 'facts' })[];
  /** The cadre's own freezes followed by those recorded in `facts.freezes` after the case opened. */
  readonly freezes: readonly (Freeze & { readonly recordedIn: 'subject' | 'facts' })[];
  readonly protectedDuty: boolean;
  /** Default `higher`: every check applies. */
  readonly relation?: Relation;
  readonly equivalentPosts?: readonly PostPeriod[];
}

export interface EligibilityChecks {
  /** In planning for the title or an equivalent/higher one (QĐ 80 Art. 18(2)). */
  readonly planning?: boolean;
  /** Years left before statutory retirement (QĐ 80 Art. 18(5): a full 5-year term; QĐ 65: 10). */
  readonly minYearsToRetirement?: number;
  /** Whole months in the current post (QĐ 80 Art. 18(3): 2 years = 24 months). */
  readonly minMonthsInPost?: number;
  /**
   * Months after a discipline's effective date (QĐ 80: 12/30/60; QĐ 377: 24/36/60), with the
   * provision they come from (`source`), cited in refusals.
   */
  readonly disciplineWaitMonths?: Readonly<Record<DisciplineLevel, number>> & {
    readonly source?: string;
  };
  /** No active freeze (HD 02-HD/TW 2021: inspection, investigation, denunciation…). */
  readonly notFrozen?: boolean;
  /** No protected duty (NĐ 138 Art. 65(2), NĐ 170 Art. 52(2): defence, security, key tasks). */
  readonly noProtectedDuty?: boolean;
}

export type EligibilityCheck = keyof EligibilityChecks;
export const ELIGIBILITY_CHECKS: readonly EligibilityCheck[] = [
  'planning',
  'minYearsToRetirement',
  'minMonthsInPost',
  'disciplineWaitMonths',
  'notFrozen',
  'noProtectedDuty',
];

// SPEC §5.1: an exception lifts the age, tenure and planning rules.
export const DEFAULT_LIFTED_BY_EXCEPTION: readonly EligibilityCheck[] = [
  'planning',
  'minYearsToRetirement',
  'minMonthsInPost',
];

/** Which relations a check applies to; a check not listed applies to every relation. */
export type RelationScope = Partial<Record<EligibilityCheck, readonly Relation[]>>;

export interface EligibilityParams {
  /** Context path of the cadres: `subject.candidates` (an array) or `subject.cadre` (one). */
  readonly cadres: string;
  /** Payload field holding the ids of the cadres to check (e.g. `eligible`). */
  readonly select?: string;
  /**
   * Fact holding the ids of the cadres to check (e.g. `nominees`), instead of `select`. Without
   * either, every cadre at `cadres` is checked.
   */
  readonly selectFact?: string;
  /** Payload field holding `{cadreId: exceptionRef}` or one exceptionRef for every checked cadre. */
  readonly exceptions?: string;
  /** Fact holding the exceptions recorded earlier (e.g. `exceptions` at step 1), instead of `exceptions`. */
  readonly exceptionsFact?: string;
  readonly checks: EligibilityChecks;
  /** Checks an exception lifts. Default: planning, minYearsToRetirement, minMonthsInPost. */
  readonly liftedByException?: readonly EligibilityCheck[];
  /**
   * Context path of the day age and time in post are measured on, e.g.
   * `payload.dossierReceivedOn` or `facts.dossierReceivedOn`; absent value → the event's date.
   */
  readonly measuredOn?: string;
  /**
   * Fact under which the rule records the day it measured on (e.g. `dossierReceivedOn`), for
   * the later checks to measure on the same day.
   */
  readonly keepMeasuredOnAs?: string;
  /** Checks that apply only to some relations to the post (absent: relation is not read). */
  readonly relations?: RelationScope;
  /** Time in post adds up the cadre's `equivalentPosts` (SPEC §5.2; Decision 727). */
  readonly cumulativeEquivalentPosts?: boolean;
}

export type CheckStatus = 'passed' | 'failed' | 'lifted' | 'notApplicable';

export interface CadreAssessment {
  readonly id: string;
  readonly eligible: boolean;
  /** Failures (lifted ones excluded), for the refusal reason. */
  readonly failures: readonly Message[];
  /** JSON-only audit record of every computed value. */
  readonly details: JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Pure checks

/**
 * A freeze is active on `date` when `since ≤ date`, (`until` absent or `date ≤ until`) and it
 * has not been lifted on or before `date`.
 */
export function isFreezeActive(
  freeze: Pick<Freeze, 'since' | 'until' | 'liftedOn'>,
  date: CivilDate,
): boolean {
  return (
    compareDates(freeze.since, date) <= 0 &&
    (freeze.until === undefined || compareDates(date, freeze.until) <= 0) &&
    (freeze.liftedOn === undefined || compareDates(date, freeze.liftedOn) < 0)
  );
}

interface CheckOutcome {
  readonly passed: boolean;
  readonly failure: Message;
  readonly details: JsonObject;
}

function checkPlanning(cadre: Cadre): CheckOutcome {
  const inPlanning = cadre.inPlanning === true;
  return { passed: inPlanning, failure: message('eligibility.planning'), details: { inPlanning } };
}

function checkRetirement(cadre: Cadre, date: CivilDate, minYears: number): CheckOutcome {
  const gender = cadre.gender as Gender;
  const dateOfBirth = cadre.dateOfBirth as CivilDate;
  const retirementDate = statutoryRetirementDate(gender, dateOfBirth);
  // Counted to the retirement date (end of the month the age is reached, Decree 135/2020).
  const monthsLeft = wholeMonthsBetween(date, retirementDate);
  const requiredMonths = Math.ceil(minYears * 12);
  const timeLeft = toYearsAndMonths(monthsLeft);
  return {
    passed: monthsLeft >= requiredMonths,
    failure: message('eligibility.retirement', {
      timeLeft:
        timeLeft.years < 0 || timeLeft.months < 0
          ? formatYearsAndMonths(timeLeft)
          : message('span.yearsMonths', { years: timeLeft.years, months: timeLeft.months }),
      retirementDate,
      years: minYears,
    }),
    details: {
      gender,
      dateOfBirth,
      age: { ...yearsAndMonthsBetween(dateOfBirth, date) },
      retirementAge: { ...statutoryRetirementAge(gender, dateOfBirth) },
      retirementAgeReachedOn: retirementAgeReachedOn(gender, dateOfBirth),
      retirementDate,
      timeLeft: { ...timeLeft },
      monthsLeft,
      requiredYears: minYears,
      requiredMonths,
    },
  };
}

function monthsAndDays(from: CivilDate, toExclusive: CivilDate): { months: number; days: number } {
  const months = Math.max(0, wholeMonthsBetween(from, toExclusive));
  return { months, days: Math.max(0, daysBetween(addMonths(from, months), toExclusive)) };
}

function checkMonthsInPost(
  cadre: Cadre,
  date: CivilDate,
  minMonths: number,
  cumulative: boolean,
): CheckOutcome {
  const since = cadre.currentPositionSince as CivilDate;
  const current = wholeMonthsBetween(since, date);
  const periods = cumulative ? (cadre.equivalentPosts ?? []) : [];
  if (periods.length === 0) {
    return {
      passed: current >= minMonths,
      failure: message('eligibility.monthsInPost', { months: current, required: minMonths }),
      details: { currentPositionSince: since, monthsInPost: current, requiredMonths: minMonths },
    };
  }
  // Cumulative (SPEC §5.2): whole months of each period, and the days left over added up at 30 a
  // month [I]. A period's `to` is the last day held.
  const parts = [
    { from: since, to: date, ...monthsAndDays(since, date) },
    ...periods.map((p) => ({ from: p.from, to: p.to, ...monthsAndDays(p.from, addDays(p.to, 1)) })),
  ];
  const months =
    parts.reduce((total, p) => total + p.months, 0) +
    Math.floor(parts.reduce((total, p) => total + p.days, 0) / 30);
  return {
    passed: months >= minMonths,
    failure: message('eligibility.monthsInPosts', { months, required: minMonths }),
    details: {
      currentPositionSince: since,
      monthsInPost: current,
      periods: parts.map((p) => ({ ...p })),
      cumulativeMonths: months,
      requiredMonths: minMonths,
    },
  };
}

function checkDisciplines(
  cadre: Cadre,
  date: CivilDate,
  waitMonths: Readonly<Record<DisciplineLevel, number>>,
  source: string | undefined,
): CheckOutcome {
  const assessed = cadre.disciplines.map((discipline) => {
    const wait = waitMonths[discipline.level];
    const waitEndsOn = addMonths(discipline.effectiveOn, wait);
    // The wait is over on the day effectiveOn + wait months is reached (domain.md scenario 13).
    return {
      ...discipline,
      waitMonths: wait,
      waitEndsOn,
      over: compareDates(waitEndsOn, date) <= 0,
    };
  });
  const running = assessed.filter((d) => !d.over);
  const table = {
    reprimand: waitMonths.reprimand,
    warning: waitMonths.warning,
    removal: waitMonths.removal,
  };
  return {
    passed: running.length === 0,
    failure: message('data.list', {
      items: running.map((d) =>
        message(source === undefined ? 'eligibility.discipline' : 'eligibility.disciplineSource', {
          months: d.waitMonths,
          level: d.level,
          effectiveOn: d.effectiveOn,
          waitEndsOn: d.waitEndsOn,
          ...(source === undefined ? {} : { source }),
        }),
      ),
    }),
    details: {
      waitMonths: table,
      ...(source === undefined ? {} : { source }),
      disciplines: assessed.map((d) => ({ ...d })),
    },
  };
}

function checkFreezes(cadre: Cadre, date: CivilDate): CheckOutcome {
  const assessed = cadre.freezes.map((freeze) => ({
    ...freeze,
    active: isFreezeActive(freeze, date),
  }));
  const active = assessed.filter((f) => f.active);
  return {
    passed: active.length === 0,
    failure: message('data.list', {
      items: active.map((f) =>
        f.until === undefined
          ? message('eligibility.frozen', { kind: f.kind, since: f.since })
          : message('eligibility.frozenUntil', { kind: f.kind, since: f.since, until: f.until }),
      ),
    }),
    details: { freezes: assessed.map((f) => ({ ...f })), active: active.map((f) => f.kind) },
  };
}

function checkProtectedDuty(cadre: Cadre): CheckOutcome {
  return {
    passed: !cadre.protectedDuty,
    failure: message('eligibility.protectedDuty'),
    details: { protectedDuty: cadre.protectedDuty },
  };
}

/** Dates and scopes an assessment uses besides the checks themselves. */
export interface AssessmentOptions {
  /** The day age and time in post are measured on (default: `date`). */
  readonly measuredOn?: CivilDate;
  readonly relations?: RelationScope;
  readonly cumulativeEquivalentPosts?: boolean;
  /** The provision discipline waiting periods come from, cited in refusals. */
  readonly disciplineSource?: string;
}

/**
 * Runs the enabled checks for one cadre: discipline, freezes and protected duty on `date`; age
 * and time in post on `options.measuredOn` (default `date`). An exception lifts the checks in
 * `lifted`; a check outside the cadre's relation to the post (`options.relations`) does not apply.
 */
export function assessCadre(
  cadre: Cadre,
  checks: EligibilityChecks,
  date: CivilDate,
  exceptionRef: string | null,
  lifted: readonly EligibilityCheck[] = DEFAULT_LIFTED_BY_EXCEPTION,
  options: AssessmentOptions = {},
): CadreAssessment {
  const measuredOn = options.measuredOn ?? date;
  const relation = cadre.relation ?? 'higher';
  const applies = (check: EligibilityCheck): boolean => {
    const scope = options.relations?.[check];
    return scope === undefined || scope.includes(relation);
  };
  const outcomes: Array<[EligibilityCheck, CheckOutcome]> = [];
  const notApplicable: EligibilityCheck[] = [];
  const add = (check: EligibilityCheck, run: () => CheckOutcome): void => {
    if (applies(check)) outcomes.push([check, run()]);
    else notApplicable.push(check);
  };
  if (checks.planning) add('planning', () => checkPlanning(cadre));
  if (checks.minYearsToRetirement !== undefined) {
    const minYears = checks.minYearsToRetirement;
    add('minYearsToRetirement', () => checkRetirement(cadre, measuredOn, minYears));
  }
  if (checks.minMonthsInPost !== undefined) {
    const minMonths = checks.minMonthsInPost;
    add('minMonthsInPost', () =>
      checkMonthsInPost(cadre, measuredOn, minMonths, options.cumulativeEquivalentPosts === true),
    );
  }
  if (checks.disciplineWaitMonths) {
    const wait = checks.disciplineWaitMonths;
    const source = wait.source ?? options.disciplineSource;
    add('disciplineWaitMonths', () => checkDisciplines(cadre, date, wait, source));
  }
  if (checks.notFrozen) add('notFrozen', () => checkFreezes(cadre, date));
  if (checks.noProtectedDuty) add('noProtectedDuty', () => checkProtectedDuty(cadre));

  const failures: Message[] = [];
  const liftedChecks: string[] = [];
  const checkDetails: JsonObject = {};
  for (const name of notApplicable) checkDetails[name] = { status: 'notApplicable', relation };
  for (const [name, outcome] of outcomes) {
    let status: CheckStatus = 'passed';
    if (!outcome.passed) {
      status = exceptionRef !== null && lifted.includes(name) ? 'lifted' : 'failed';
      if (status === 'failed') failures.push(outcome.failure);
      else liftedChecks.push(name);
    }
    checkDetails[name] = { status, ...outcome.details };
  }
  const eligible = failures.length === 0;
  return {
    id: cadre.id,
    eligible,
    failures,
    details: {
      id: cadre.id,
      fullName: cadre.fullName ?? null,
      ...(options.relations === undefined ? {} : { relation }),
      exceptionRef,
      liftedByException: liftedChecks,
      checks: checkDetails,
      eligible,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading cadres from the context

type Read<T> = { ok: true; value: T } | { ok: false; problems: Message[] };

const cadreField = (id: string, field: string): Message =>
  message('data.cadreField', { id, field });

function parseFreezes(
  raw: JsonValue | undefined,
  where: (suffix: string) => Message | string,
  problems: Message[],
): Freeze[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(message('data.mustBeArray', { what: where('') }));
    return [];
  }
  const at = (index: number, field: string) => where(`[${index}]${field ? `.${field}` : ''}`);
  const freezes: Freeze[] = [];
  for (const [index, item] of raw.entries()) {
    if (!isJsonObject(item)) {
      problems.push(message('data.mustBeObject', { what: at(index, '') }));
      continue;
    }
    const { kind, since, until, liftedOn } = item;
    if (typeof kind !== 'string' || !(FREEZE_KINDS as readonly string[]).includes(kind)) {
      problems.push(
        message('data.mustBeOneOf', { what: at(index, 'kind'), values: [...FREEZE_KINDS] }),
      );
    } else if (!isCivilDate(since)) {
      problems.push(message('data.mustBeDate', { what: at(index, 'since') }));
    } else if (
      until !== undefined &&
      until !== null &&
      (!isCivilDate(until) || compareDates(until, since) < 0)
    ) {
      problems.push(message('data.untilBeforeSince', { what: at(index, 'until') }));
    } else if (liftedOn !== undefined && liftedOn !== null && !isCivilDate(liftedOn)) {
      problems.push(message('data.mustBeDate', { what: at(index, 'liftedOn') }));
    } else {
      freezes.push({
        kind: kind as FreezeKind,
        since,
        ...(isCivilDate(until) ? { until } : {}),
        ...(isCivilDate(liftedOn) ? { liftedOn } : {}),
      });
    }
  }
  return freezes;
}

function parseDisciplines(
  raw: JsonValue | undefined,
  id: string,
  where: string,
  problems: Message[],
): Discipline[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(message('data.mustBeArray', { what: cadreField(id, where) }));
    return [];
  }
  const disciplines: Discipline[] = [];
  raw.forEach((item, i) => {
    const level = isJsonObject(item) ? item['level'] : undefined;
    const effectiveOn = isJsonObject(item) ? item['effectiveOn'] : undefined;
    if (typeof level !== 'string' || !(DISCIPLINE_LEVELS as readonly string[]).includes(level)) {
      problems.push(
        message('data.mustBeOneOf', {
          what: cadreField(id, `${where}[${i}].level`),
          values: [...DISCIPLINE_LEVELS],
        }),
      );
    } else if (!isCivilDate(effectiveOn)) {
      problems.push(
        message('data.mustBeDate', { what: cadreField(id, `${where}[${i}].effectiveOn`) }),
      );
    } else {
      disciplines.push({ level: level as DisciplineLevel, effectiveOn });
    }
  });
  return disciplines;
}

function parseEquivalentPosts(
  raw: JsonValue | undefined,
  id: string,
  problems: Message[],
): PostPeriod[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(message('data.mustBeArray', { what: cadreField(id, 'equivalentPosts') }));
    return [];
  }
  const periods: PostPeriod[] = [];
  raw.forEach((item, index) => {
    const from = isJsonObject(item) ? item['from'] : undefined;
    const to = isJsonObject(item) ? item['to'] : undefined;
    if (!isCivilDate(from)) {
      problems.push(
        message('data.mustBeDate', { what: cadreField(id, `equivalentPosts[${index}].from`) }),
      );
    } else if (!isCivilDate(to)) {
      problems.push(
        message('data.mustBeDate', { what: cadreField(id, `equivalentPosts[${index}].to`) }),
      );
    } else if (compareDates(to, from) < 0) {
      problems.push(message('eligibility.equivalentPostOrder', { id, index }));
    } else {
      periods.push({ from, to });
    }
  });
  return periods;
}

interface LaterFacts {
  readonly freezes: JsonObject;
  readonly disciplines: JsonObject;
}

function parseCadre(
  raw: JsonValue,
  index: number,
  params: EligibilityParams,
  later: LaterFacts,
): Read<Cadre> {
  const checks = params.checks;
  if (!isJsonObject(raw) || !isNonEmptyString(raw['id'])) {
    return { ok: false, problems: [message('data.cadreWithoutId', { index: index + 1 })] };
  }
  const id = raw['id'];
  const problems: Message[] = [];
  const where = (field: string) => cadreField(id, field);
  const {
    fullName,
    gender,
    dateOfBirth,
    currentPositionSince,
    inPlanning,
    protectedDuty,
    relation,
  } = raw;

  if (checks.planning && typeof inPlanning !== 'boolean')
    problems.push(message('data.mustBeBoolean', { what: where('inPlanning') }));
  if (checks.minYearsToRetirement !== undefined) {
    if (gender !== 'male' && gender !== 'female')
      problems.push(message('data.mustBeGender', { what: where('gender') }));
    if (!isCivilDate(dateOfBirth))
      problems.push(message('data.mustBeDate', { what: where('dateOfBirth') }));
  }
  if (checks.minMonthsInPost !== undefined && !isCivilDate(currentPositionSince)) {
    problems.push(message('data.mustBeDate', { what: where('currentPositionSince') }));
  }
  if (
    checks.noProtectedDuty &&
    protectedDuty !== undefined &&
    protectedDuty !== null &&
    typeof protectedDuty !== 'boolean'
  ) {
    problems.push(message('data.mustBeBoolean', { what: where('protectedDuty') }));
  }
  if (
    params.relations !== undefined &&
    relation !== undefined &&
    relation !== null &&
    !(typeof relation === 'string' && (RELATIONS as readonly string[]).includes(relation))
  ) {
    problems.push(message('data.mustBeOneOf', { what: where('relation'), values: [...RELATIONS] }));
  }

  const disciplines: Cadre['disciplines'][number][] = [];
  if (checks.disciplineWaitMonths) {
    disciplines.push(...parseDisciplines(raw['disciplines'], id, 'disciplines', problems));
    for (const d of parseDisciplines(
      ownValue(later.disciplines, id),
      id,
      `facts.disciplines.${id}`,
      problems,
    ))
      disciplines.push({ ...d, recordedIn: 'facts' });
  }

  const freezes: Cadre['freezes'][number][] = [];
  if (checks.notFrozen) {
    const subjectAt = (suffix: string) => where(`freezes${suffix}`);
    for (const freeze of parseFreezes(raw['freezes'], subjectAt, problems)) {
      freezes.push({ ...freeze, recordedIn: 'subject' });
    }
    for (const freeze of parseFreezes(
      ownValue(later.freezes, id),
      (suffix) => `facts.freezes.${id}${suffix}`,
      problems,
    )) {
      freezes.push({ ...freeze, recordedIn: 'facts' });
    }
  }
  const equivalentPosts =
    params.cumulativeEquivalentPosts && checks.minMonthsInPost !== undefined
      ? parseEquivalentPosts(raw['equivalentPosts'], id, problems)
      : [];
  if (problems.length > 0) return { ok: false, problems };

  const cadre: Cadre = {
    id,
    disciplines,
    freezes,
    protectedDuty: protectedDuty === true,
    ...(typeof fullName === 'string' ? { fullName } : {}),
    ...(gender === 'male' || gender === 'female' ? { gender } : {}),
    ...(isCivilDate(dateOfBirth) ? { dateOfBirth } : {}),
    ...(isCivilDate(currentPositionSince) ? { currentPositionSince } : {}),
    ...(typeof inPlanning === 'boolean' ? { inPlanning } : {}),
    ...(params.relations !== undefined && typeof relation === 'string'
      ? { relation: relation as Relation }
      : {}),
    ...(equivalentPosts.length > 0 ? { equivalentPosts } : {}),
  };
  return { ok: true, value: cadre };
}

interface Selection {
  readonly cadres: readonly Cadre[];
  readonly exceptions: ReadonlyMap<string, string>;
}

/** Where the ids of the cadres to check come from: a payload field or a fact, if either is set. */
function selectionOf(
  input: RuleInput<EligibilityParams>,
): { at: string; value: JsonValue | undefined } | undefined {
  const { select: field, selectFact: fact } = input.params;
  if (field !== undefined) return { at: `payload.${field}`, value: readPayloadField(input, field) };
  if (fact !== undefined)
    return { at: `facts.${fact}`, value: readJsonPath(input.context.facts, fact) };
  return undefined;
}

function laterFacts(input: RuleInput<EligibilityParams>, problems: Message[]): LaterFacts {
  const read = (name: 'freezes' | 'disciplines'): JsonObject => {
    const raw = input.context.facts[name];
    if (raw !== undefined && raw !== null && !isJsonObject(raw)) {
      problems.push(message(name === 'freezes' ? 'data.factsFreezes' : 'data.factsDisciplines'));
    }
    return isJsonObject(raw) ? raw : {};
  };
  return { freezes: read('freezes'), disciplines: read('disciplines') };
}

/**
 * A cadre the subject names by `cadreId`, with the registry's facts of this event in place of
 * those the subject holds (SPEC §7); any other cadre as it is.
 */
function withRegistryFacts(
  item: JsonValue,
  registryFacts: Readonly<Record<string, JsonObject>> | undefined,
): JsonValue {
  if (registryFacts === undefined || !isJsonObject(item)) return item;
  const cadreId = item['cadreId'];
  if (typeof cadreId !== 'string') return item;
  const facts = ownValue(registryFacts as JsonObject, cadreId);
  return isJsonObject(facts) ? { ...item, ...facts, cadreId } : item;
}

function select(input: RuleInput<EligibilityParams>): Read<Selection> {
  const { params } = input;
  const read = readContextPath(input, params.cadres);
  const registry = input.event.registryFacts;
  const raw = Array.isArray(read)
    ? read.map((item) => withRegistryFacts(item, registry))
    : read === undefined
      ? undefined
      : withRegistryFacts(read, registry);
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : undefined;
  if (list === undefined)
    return { ok: false, problems: [message('data.noCadreAt', { path: params.cadres })] };

  const problems: Message[] = [];
  const later = laterFacts(input, problems);

  // Every cadre is parsed only for the checks that will run; unselected ones need just an id.
  const selection = selectionOf(input);
  const byId = new Map<string, JsonValue>();
  list.forEach((item, index) => {
    const id = isJsonObject(item) ? item['id'] : undefined;
    if (!isNonEmptyString(id))
      problems.push(message('data.cadreWithoutIdAt', { index: index + 1, path: params.cadres }));
    else if (byId.has(id)) problems.push(message('data.cadreTwice', { id, path: params.cadres }));
    else byId.set(id, item);
  });
  if (problems.length > 0) return { ok: false, problems };

  let ids: string[];
  if (selection === undefined) {
    ids = [...byId.keys()];
  } else {
    const selected = idsOf(selection.value);
    if (selected === undefined || selected.length === 0) {
      return { ok: false, problems: [message('data.idsRequired', { at: selection.at })] };
    }
    ids = selected;
    const seen = new Set<string>();
    for (const id of ids) {
      if (!byId.has(id)) problems.push(message('data.notCadre', { id, ids: [...byId.keys()] }));
      if (seen.has(id)) problems.push(message('data.listedTwice', { id, at: selection.at }));
      seen.add(id);
    }
    if (problems.length > 0) return { ok: false, problems };
  }

  const cadres: Cadre[] = [];
  ids.forEach((id, index) => {
    const parsed = parseCadre(byId.get(id) ?? null, index, params, later);
    if (parsed.ok) cadres.push(parsed.value);
    else problems.push(...parsed.problems);
  });

  const exceptions = new Map<string, string>();
  const source =
    params.exceptions !== undefined
      ? {
          at: `payload.${params.exceptions}`,
          value: readPayloadField(input, params.exceptions),
          strict: true,
        }
      : params.exceptionsFact !== undefined
        ? {
            at: `facts.${params.exceptionsFact}`,
            value: readJsonPath(input.context.facts, params.exceptionsFact),
            // Recorded for the whole list at step 1: later checks see fewer cadres.
            strict: false,
          }
        : undefined;
  if (source !== undefined) {
    const { at, value: rawExceptions, strict } = source;
    if (isNonEmptyString(rawExceptions)) {
      for (const id of ids) exceptions.set(id, rawExceptions);
    } else if (isJsonObject(rawExceptions)) {
      for (const [id, ref] of Object.entries(rawExceptions)) {
        if (!byId.has(id)) problems.push(message('eligibility.exceptionNotCadre', { at, id }));
        else if (!ids.includes(id)) {
          if (strict) problems.push(message('eligibility.exceptionNotChecked', { at, id }));
        } else if (!isNonEmptyString(ref))
          problems.push(message('eligibility.exceptionRef', { at, id }));
        else exceptions.set(id, ref);
      }
    } else if (rawExceptions !== undefined && rawExceptions !== null) {
      problems.push(message('eligibility.exceptionsShape', { at }));
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { cadres, exceptions } };
}

/** The day age and time in post are measured on: `measuredOn`'s value, else the event's date. */
function measuringDate(
  input: RuleInput<EligibilityParams>,
  date: CivilDate,
): { ok: true; on: CivilDate; from: string } | { ok: false; problem: Message } {
  const path = input.params.measuredOn;
  if (path === undefined) return { ok: true, on: date, from: 'event' };
  const value = readContextPath(input, path);
  if (value === undefined || value === null) return { ok: true, on: date, from: 'event' };
  if (!isCivilDate(value))
    return { ok: false, problem: message('data.mustBeDate', { what: path }) };
  // A dossier is not received after the day it is checked on.
  if (compareDates(value, date) > 0) {
    return {
      ok: false,
      problem: message('eligibility.measuredInFuture', { measuredOn: value, path, date }),
    };
  }
  return { ok: true, on: value, from: path };
}

// ---------------------------------------------------------------------------------------------
// The rule

export function evaluateEligibility(input: RuleInput<EligibilityParams>): RuleEvaluation {
  const { params } = input;
  const lifted = params.liftedByException ?? DEFAULT_LIFTED_BY_EXCEPTION;
  const rule: JsonObject = {
    cadres: params.cadres,
    select: params.select ?? null,
    selectFact: params.selectFact ?? null,
    exceptions: params.exceptions ?? null,
    checks: JSON.parse(JSON.stringify(params.checks)) as JsonObject,
    liftedByException: [...lifted],
  };
  if (params.exceptionsFact !== undefined) rule['exceptionsFact'] = params.exceptionsFact;
  if (params.measuredOn !== undefined) rule['measuredOn'] = params.measuredOn;
  if (params.relations !== undefined)
    rule['relations'] = JSON.parse(JSON.stringify(params.relations)) as JsonObject;
  if (params.cumulativeEquivalentPosts) rule['cumulativeEquivalentPosts'] = true;
  if (!isIsoInstant(input.event.now)) {
    return refused(
      'eligibility',
      message('eligibility.badNow', { now: JSON.stringify(input.event.now) }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const date = vietnamDate(input.event.now);
  const measured = measuringDate(input, date);
  if (!measured.ok) {
    return refused(
      'eligibility',
      message('eligibility.cannotCheck', { problems: [measured.problem] }),
      'VALIDATION_FAILED',
      { rule, date, problems: [render(measured.problem, 'en')] },
    );
  }
  const selection = select(input);
  if (!selection.ok) {
    return refused(
      'eligibility',
      message('eligibility.cannotCheck', { problems: selection.problems }),
      'VALIDATION_FAILED',
      { rule, date, problems: selection.problems.map((problem) => render(problem, 'en')) },
    );
  }

  const options: AssessmentOptions = {
    ...(params.measuredOn === undefined ? {} : { measuredOn: measured.on }),
    ...(params.relations === undefined ? {} : { relations: params.relations }),
    ...(params.cumulativeEquivalentPosts ? { cumulativeEquivalentPosts: true } : {}),
    ...(input.regulation === undefined ? {} : { disciplineSource: input.regulation }),
  };
  const assessments = selection.value.cadres.map((cadre) =>
    assessCadre(
      cadre,
      params.checks,
      date,
      selection.value.exceptions.get(cadre.id) ?? null,
      lifted,
      options,
    ),
  );
  const ineligible = assessments.filter((a) => !a.eligible);
  const details: JsonObject = {
    rule,
    date,
    ...(params.measuredOn === undefined
      ? {}
      : { measuredOn: measured.on, measuredOnFrom: measured.from }),
    cadres: assessments.map((a) => a.details),
    eligible: assessments.filter((a) => a.eligible).map((a) => a.id),
    ineligible: ineligible.map((a) => a.id),
  };
  if (ineligible.length === 0) return satisfied('eligibility', details);

  const names = new Map(
    selection.value.cadres.map((c) => [c.id, c.fullName ? `${c.id} (${c.fullName})` : c.id]),
  );
  const cadres = ineligible.map((a) =>
    message('eligibility.cadre', { name: names.get(a.id) ?? a.id, failures: [...a.failures] }),
  );
  return refused(
    'eligibility',
    measured.on === date
      ? message('eligibility.notEligible', { date, cadres })
      : message('eligibility.notEligibleMeasured', { date, measuredOn: measured.on, cadres }),
    'RULE_NOT_SATISFIED',
    details,
  );
}

const waitMonths = { type: 'integer', minimum: 0 } as const;
const relationList = {
  type: 'array',
  uniqueItems: true,
  items: { type: 'string', enum: RELATIONS },
} as const;

const civilDate = { type: 'string', format: 'date' };

/** A freeze on a cadre (HD 02-HD/TW): the built-in `$defs` `freeze`. */
export const FREEZE_SCHEMA: JsonObject = {
  type: 'object',
  required: ['kind', 'since'],
  additionalProperties: false,
  properties: {
    kind: { enum: [...FREEZE_KINDS] },
    since: civilDate,
    until: civilDate,
    note: { type: 'string', maxLength: 4000 },
  },
};

const id = { type: 'string', minLength: 1, maxLength: 200 };

/** A discipline imposed on a cadre: the built-in `$defs` `discipline`. */
export const DISCIPLINE_SCHEMA: JsonObject = {
  type: 'object',
  required: ['level', 'effectiveOn'],
  properties: {
    level: { enum: [...DISCIPLINE_LEVELS] },
    effectiveOn: civilDate,
    decisionRef: { type: 'string', maxLength: 200 },
    issuer: { type: 'string', maxLength: 500 },
  },
};

/** RECORD_DISCIPLINE's payload (a discipline imposed while the case runs): `disciplineRecord`. */
export const DISCIPLINE_RECORD_SCHEMA: JsonObject = {
  type: 'object',
  required: ['cadreId', 'discipline'],
  additionalProperties: false,
  properties: { cadreId: id, discipline: { $ref: 'cadreflow:defs/discipline' } },
};

/** The cadre of SPEC §5.1, as the rules read it: the built-in `$defs` `cadre`. */
export const CADRE_SCHEMA: JsonObject = {
  type: 'object',
  required: [
    'id',
    'fullName',
    'gender',
    'dateOfBirth',
    'currentPosition',
    'currentPositionSince',
    'inPlanning',
    'disciplines',
    'freezes',
  ],
  properties: {
    id,
    fullName: { type: 'string', minLength: 1, maxLength: 500 },
    gender: { enum: [...GENDERS] },
    dateOfBirth: civilDate,
    currentPosition: { type: 'string', maxLength: 500 },
    currentPositionSince: civilDate,
    // SPEC §5.2: first leadership post, a higher post, an equal or lower one (absent: higher).
    relation: { enum: [...RELATIONS] },
    // Time in equivalent posts, counted with the current post (`to` is the last day held).
    equivalentPosts: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['from', 'to'],
        properties: { title: { type: 'string', maxLength: 500 }, from: civilDate, to: civilDate },
      },
    },
    // The start of the current appointment term (for grounds counted "in one term"); absent,
    // currentPositionSince.
    termStartedOn: civilDate,
    inPlanning: { type: 'boolean' },
    disciplines: { type: 'array', maxItems: 100, items: { $ref: 'cadreflow:defs/discipline' } },
    freezes: { type: 'array', maxItems: 100, items: { $ref: 'cadreflow:defs/freeze' } },
    protectedDuty: { type: 'boolean' },
    // Read by lowConfidence and dismissalGrounds (QĐ 96 / QĐ 41 / QĐ 377).
    lastConfidenceVote: {
      type: 'object',
      required: ['ballotsReturned', 'low'],
      properties: {
        ballotsReturned: { type: 'integer', minimum: 0 },
        low: { type: 'integer', minimum: 0 },
      },
    },
    // Yearly ratings (đánh giá, xếp loại).
    ratings: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['year', 'rating'],
        properties: {
          year: { type: 'integer', minimum: 1945, maximum: 2200 },
          rating: { enum: [...RATINGS] },
        },
      },
    },
    // Conclusions of a competent body that are grounds of dismissal by themselves.
    conclusions: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['kind', 'documentRef'],
        properties: {
          kind: { enum: [...CONCLUSION_KINDS] },
          documentRef: id,
          issuedOn: civilDate,
        },
      },
    },
  },
};

export const eligibilityRule: RuleSpec<EligibilityParams> = {
  type: 'eligibility',
  description:
    'Checks cadres: planning, years to statutory retirement and months in post (on the measuring date), discipline waiting periods, freezes and protected duty (on the event date); relation to the post and exceptions decide which checks apply.',
  checkParams: paramsChecker<EligibilityParams>(
    {
      type: 'object',
      required: ['cadres', 'checks'],
      additionalProperties: false,
      properties: {
        cadres: contextPathSchema,
        select: payloadFieldSchema,
        selectFact: payloadFieldSchema,
        exceptions: payloadFieldSchema,
        exceptionsFact: payloadFieldSchema,
        measuredOn: contextPathSchema,
        keepMeasuredOnAs: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
        cumulativeEquivalentPosts: { type: 'boolean' },
        relations: {
          type: 'object',
          additionalProperties: false,
          properties: Object.fromEntries(ELIGIBILITY_CHECKS.map((check) => [check, relationList])),
        },
        checks: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            planning: { type: 'boolean' },
            minYearsToRetirement: { type: 'number', minimum: 0 },
            minMonthsInPost: { type: 'integer', minimum: 0 },
            disciplineWaitMonths: {
              type: 'object',
              required: ['reprimand', 'warning', 'removal'],
              additionalProperties: false,
              properties: {
                reprimand: waitMonths,
                warning: waitMonths,
                removal: waitMonths,
                source: { type: 'string', minLength: 1, maxLength: 500 },
              },
            },
            notFrozen: { type: 'boolean' },
            noProtectedDuty: { type: 'boolean' },
          },
        },
        liftedByException: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ELIGIBILITY_CHECKS },
        },
      },
    },
    (params) => {
      const problems: ParamProblem[] = [];
      if (params.select !== undefined && params.selectFact !== undefined)
        problems.push({
          path: 'selectFact',
          message: 'cannot be combined with select: choose one source of ids',
        });
      if (params.exceptions !== undefined && params.exceptionsFact !== undefined)
        problems.push({
          path: 'exceptionsFact',
          message: 'cannot be combined with exceptions: choose one source of exceptions',
        });
      return problems;
    },
  ),
  evaluate: evaluateEligibility,
  factsRecorded: (params) =>
    params.keepMeasuredOnAs === undefined ? [] : [params.keepMeasuredOnAs],
  record({ context, evaluation, params }) {
    const measuredOn = evaluation.details['measuredOn'];
    if (params.keepMeasuredOnAs === undefined || typeof measuredOn !== 'string') return {};
    return { facts: { ...context.facts, [params.keepMeasuredOnAs]: measuredOn } };
  },
  defs: {
    cadre: CADRE_SCHEMA,
    discipline: DISCIPLINE_SCHEMA,
    disciplineRecord: DISCIPLINE_RECORD_SCHEMA,
    freeze: FREEZE_SCHEMA,
  },
};
