/**
 * `eligibility` (gate): checks cadres (SPEC §5.1 facts) against the conditions of QĐ 80 Art. 18,
 * QĐ 65 and the freeze rules (domain.md §2.4–2.5), on the Vietnam civil date of the event.
 * An exception (the number of the competent authority's document) lifts the checks listed in
 * `liftedByException` and is recorded. Refused when any checked cadre fails.
 */
import {
  addMonths,
  compareDates,
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
import {
  GENDERS,
  retirementAgeReachedOn,
  statutoryRetirementAge,
  statutoryRetirementDate,
  type Gender,
} from './retirement.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

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

export interface Discipline {
  readonly level: DisciplineLevel;
  readonly effectiveOn: CivilDate;
}

export interface Freeze {
  readonly kind: FreezeKind;
  readonly since: CivilDate;
  readonly until?: CivilDate;
}

/** The facts of a cadre the checks read (SPEC §5.1); only the fields an enabled check needs are required. */
export interface Cadre {
  readonly id: string;
  readonly fullName?: string;
  readonly gender?: Gender;
  readonly dateOfBirth?: CivilDate;
  readonly currentPositionSince?: CivilDate;
  readonly inPlanning?: boolean;
  readonly disciplines: readonly Discipline[];
  /** The cadre's own freezes followed by those recorded in `facts.freezes` after the case opened. */
  readonly freezes: readonly (Freeze & { readonly recordedIn: 'subject' | 'facts' })[];
  readonly protectedDuty: boolean;
}

export interface EligibilityChecks {
  /** In planning for the title or an equivalent/higher one (QĐ 80 Art. 18(2)). */
  readonly planning?: boolean;
  /** Years left before statutory retirement (QĐ 80 Art. 18(5): a full 5-year term; QĐ 65: 10). */
  readonly minYearsToRetirement?: number;
  /** Whole months in the current post (QĐ 80 Art. 18(3): 2 years = 24 months). */
  readonly minMonthsInPost?: number;
  /** Months after a discipline's effective date (QĐ 80: 12/30/60; QĐ 377: 24/36/60). */
  readonly disciplineWaitMonths?: Readonly<Record<DisciplineLevel, number>>;
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
  readonly checks: EligibilityChecks;
  /** Checks an exception lifts. Default: planning, minYearsToRetirement, minMonthsInPost. */
  readonly liftedByException?: readonly EligibilityCheck[];
}

export type CheckStatus = 'passed' | 'failed' | 'lifted';

export interface CadreAssessment {
  readonly id: string;
  readonly eligible: boolean;
  /** Plain-words failures (lifted ones excluded), for the refusal reason. */
  readonly failures: readonly string[];
  /** JSON-only audit record of every computed value. */
  readonly details: JsonObject;
}

// ---------------------------------------------------------------------------------------------
// Pure checks

/** A freeze is active on `date` when `since ≤ date` and (`until` absent or `date ≤ until`). */
export function isFreezeActive(freeze: Pick<Freeze, 'since' | 'until'>, date: CivilDate): boolean {
  return (
    compareDates(freeze.since, date) <= 0 &&
    (freeze.until === undefined || compareDates(date, freeze.until) <= 0)
  );
}

interface CheckOutcome {
  readonly passed: boolean;
  readonly failure: string;
  readonly details: JsonObject;
}

function checkPlanning(cadre: Cadre): CheckOutcome {
  const inPlanning = cadre.inPlanning === true;
  return { passed: inPlanning, failure: 'not in planning for the title', details: { inPlanning } };
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
    failure: `${formatYearsAndMonths(timeLeft)} left before retirement on ${retirementDate}, less than the ${minYears} years required`,
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

function checkMonthsInPost(cadre: Cadre, date: CivilDate, minMonths: number): CheckOutcome {
  const since = cadre.currentPositionSince as CivilDate;
  const monthsInPost = wholeMonthsBetween(since, date);
  return {
    passed: monthsInPost >= minMonths,
    failure: `${monthsInPost} months in the current post, fewer than the ${minMonths} required`,
    details: { currentPositionSince: since, monthsInPost, requiredMonths: minMonths },
  };
}

function checkDisciplines(
  cadre: Cadre,
  date: CivilDate,
  waitMonths: Readonly<Record<DisciplineLevel, number>>,
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
  return {
    passed: running.length === 0,
    failure: running
      .map(
        (d) =>
          `the ${d.waitMonths}-month wait after the ${d.level} effective ${d.effectiveOn} runs until ${d.waitEndsOn}`,
      )
      .join(', '),
    details: { waitMonths: { ...waitMonths }, disciplines: assessed.map((d) => ({ ...d })) },
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
    failure: active
      .map(
        (f) =>
          `frozen by ${f.kind} since ${f.since}${f.until === undefined ? '' : ` until ${f.until}`}`,
      )
      .join(', '),
    details: { freezes: assessed.map((f) => ({ ...f })), active: active.map((f) => f.kind) },
  };
}

function checkProtectedDuty(cadre: Cadre): CheckOutcome {
  return {
    passed: !cadre.protectedDuty,
    failure: 'holds a protected duty',
    details: { protectedDuty: cadre.protectedDuty },
  };
}

/** Runs the enabled checks for one cadre on `date`; an exception lifts the checks in `lifted`. */
export function assessCadre(
  cadre: Cadre,
  checks: EligibilityChecks,
  date: CivilDate,
  exceptionRef: string | null,
  lifted: readonly EligibilityCheck[] = DEFAULT_LIFTED_BY_EXCEPTION,
): CadreAssessment {
  const outcomes: Array<[EligibilityCheck, CheckOutcome]> = [];
  if (checks.planning) outcomes.push(['planning', checkPlanning(cadre)]);
  if (checks.minYearsToRetirement !== undefined) {
    outcomes.push([
      'minYearsToRetirement',
      checkRetirement(cadre, date, checks.minYearsToRetirement),
    ]);
  }
  if (checks.minMonthsInPost !== undefined) {
    outcomes.push(['minMonthsInPost', checkMonthsInPost(cadre, date, checks.minMonthsInPost)]);
  }
  if (checks.disciplineWaitMonths) {
    outcomes.push([
      'disciplineWaitMonths',
      checkDisciplines(cadre, date, checks.disciplineWaitMonths),
    ]);
  }
  if (checks.notFrozen) outcomes.push(['notFrozen', checkFreezes(cadre, date)]);
  if (checks.noProtectedDuty) outcomes.push(['noProtectedDuty', checkProtectedDuty(cadre)]);

  const failures: string[] = [];
  const liftedChecks: string[] = [];
  const checkDetails: JsonObject = {};
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
      exceptionRef,
      liftedByException: liftedChecks,
      checks: checkDetails,
      eligible,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading cadres from the context

type Read<T> = { ok: true; value: T } | { ok: false; problems: string[] };

function parseFreezes(raw: JsonValue | undefined, where: string, problems: string[]): Freeze[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${where} must be an array`);
    return [];
  }
  const freezes: Freeze[] = [];
  for (const [index, item] of raw.entries()) {
    const at = `${where}[${index}]`;
    if (!isJsonObject(item)) {
      problems.push(`${at} must be an object`);
      continue;
    }
    const { kind, since, until } = item;
    if (typeof kind !== 'string' || !(FREEZE_KINDS as readonly string[]).includes(kind)) {
      problems.push(`${at}.kind must be one of ${FREEZE_KINDS.join(', ')}`);
    } else if (!isCivilDate(since)) {
      problems.push(`${at}.since must be a date (YYYY-MM-DD)`);
    } else if (until === undefined || until === null) {
      freezes.push({ kind: kind as FreezeKind, since });
    } else if (!isCivilDate(until) || compareDates(until, since) < 0) {
      problems.push(`${at}.until must be a date (YYYY-MM-DD) not before since`);
    } else {
      freezes.push({ kind: kind as FreezeKind, since, until });
    }
  }
  return freezes;
}

function parseCadre(
  raw: JsonValue,
  index: number,
  checks: EligibilityChecks,
  laterFreezes: JsonObject,
): Read<Cadre> {
  if (!isJsonObject(raw) || !isNonEmptyString(raw['id'])) {
    return { ok: false, problems: [`cadre #${index + 1} has no id`] };
  }
  const id = raw['id'];
  const problems: string[] = [];
  const where = (field: string) => `cadre ${id}: ${field}`;
  const { fullName, gender, dateOfBirth, currentPositionSince, inPlanning, protectedDuty } = raw;

  if (checks.planning && typeof inPlanning !== 'boolean')
    problems.push(`${where('inPlanning')} must be true or false`);
  if (checks.minYearsToRetirement !== undefined) {
    if (gender !== 'male' && gender !== 'female')
      problems.push(`${where('gender')} must be "male" or "female"`);
    if (!isCivilDate(dateOfBirth))
      problems.push(`${where('dateOfBirth')} must be a date (YYYY-MM-DD)`);
  }
  if (checks.minMonthsInPost !== undefined && !isCivilDate(currentPositionSince)) {
    problems.push(`${where('currentPositionSince')} must be a date (YYYY-MM-DD)`);
  }
  if (
    checks.noProtectedDuty &&
    protectedDuty !== undefined &&
    protectedDuty !== null &&
    typeof protectedDuty !== 'boolean'
  ) {
    problems.push(`${where('protectedDuty')} must be true or false`);
  }

  const disciplines: Discipline[] = [];
  if (checks.disciplineWaitMonths) {
    const rawDisciplines = raw['disciplines'];
    if (Array.isArray(rawDisciplines)) {
      rawDisciplines.forEach((item, i) => {
        const level = isJsonObject(item) ? item['level'] : undefined;
        const effectiveOn = isJsonObject(item) ? item['effectiveOn'] : undefined;
        if (
          typeof level !== 'string' ||
          !(DISCIPLINE_LEVELS as readonly string[]).includes(level)
        ) {
          problems.push(
            `${where(`disciplines[${i}].level`)} must be one of ${DISCIPLINE_LEVELS.join(', ')}`,
          );
        } else if (!isCivilDate(effectiveOn)) {
          problems.push(`${where(`disciplines[${i}].effectiveOn`)} must be a date (YYYY-MM-DD)`);
        } else {
          disciplines.push({ level: level as DisciplineLevel, effectiveOn });
        }
      });
    } else if (rawDisciplines !== undefined && rawDisciplines !== null) {
      problems.push(`${where('disciplines')} must be an array`);
    }
  }

  const freezes: Cadre['freezes'][number][] = [];
  if (checks.notFrozen) {
    for (const freeze of parseFreezes(raw['freezes'], where('freezes'), problems)) {
      freezes.push({ ...freeze, recordedIn: 'subject' });
    }
    for (const freeze of parseFreezes(
      ownValue(laterFreezes, id),
      `facts.freezes.${id}`,
      problems,
    )) {
      freezes.push({ ...freeze, recordedIn: 'facts' });
    }
  }
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

function select(input: RuleInput<EligibilityParams>): Read<Selection> {
  const { params } = input;
  const raw = readContextPath(input, params.cadres);
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : undefined;
  if (list === undefined) return { ok: false, problems: [`there is no cadre at ${params.cadres}`] };

  const laterFreezesRaw = input.context.facts['freezes'];
  const problems: string[] = [];
  if (laterFreezesRaw !== undefined && laterFreezesRaw !== null && !isJsonObject(laterFreezesRaw)) {
    problems.push('facts.freezes must be an object keyed by cadre id');
  }
  const laterFreezes = isJsonObject(laterFreezesRaw) ? laterFreezesRaw : {};

  // Every cadre is parsed only for the checks that will run; unselected ones need just an id.
  const selection = selectionOf(input);
  const byId = new Map<string, JsonValue>();
  list.forEach((item, index) => {
    const id = isJsonObject(item) ? item['id'] : undefined;
    if (!isNonEmptyString(id)) problems.push(`cadre #${index + 1} at ${params.cadres} has no id`);
    else if (byId.has(id)) problems.push(`cadre ${id} appears twice at ${params.cadres}`);
    else byId.set(id, item);
  });
  if (problems.length > 0) return { ok: false, problems };

  let ids: string[];
  if (selection === undefined) {
    ids = [...byId.keys()];
  } else {
    const selected = idsOf(selection.value);
    if (selected === undefined || selected.length === 0) {
      return { ok: false, problems: [`${selection.at} must be a non-empty array of cadre ids`] };
    }
    ids = selected;
    const seen = new Set<string>();
    for (const id of ids) {
      if (!byId.has(id)) {
        problems.push(`${id} is not a cadre of this case (${[...byId.keys()].join(', ')})`);
      }
      if (seen.has(id)) problems.push(`${id} is listed twice in ${selection.at}`);
      seen.add(id);
    }
    if (problems.length > 0) return { ok: false, problems };
  }

  const cadres: Cadre[] = [];
  ids.forEach((id, index) => {
    const parsed = parseCadre(byId.get(id) ?? null, index, params.checks, laterFreezes);
    if (parsed.ok) cadres.push(parsed.value);
    else problems.push(...parsed.problems);
  });

  const exceptions = new Map<string, string>();
  if (params.exceptions !== undefined) {
    const rawExceptions = readPayloadField(input, params.exceptions);
    const at = `payload.${params.exceptions}`;
    if (isNonEmptyString(rawExceptions)) {
      for (const id of ids) exceptions.set(id, rawExceptions);
    } else if (isJsonObject(rawExceptions)) {
      for (const [id, ref] of Object.entries(rawExceptions)) {
        if (!byId.has(id)) problems.push(`${at} names ${id}, which is not a cadre of this case`);
        else if (!ids.includes(id))
          problems.push(`${at} names ${id}, which is not among the cadres checked`);
        else if (!isNonEmptyString(ref))
          problems.push(`${at}.${id} must be the reference of the exception document`);
        else exceptions.set(id, ref);
      }
    } else if (rawExceptions !== undefined && rawExceptions !== null) {
      problems.push(`${at} must be an exception reference or an object {cadreId: exceptionRef}`);
    }
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: { cadres, exceptions } };
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
  if (!isIsoInstant(input.event.now)) {
    return refused(
      'eligibility',
      `The event time ${JSON.stringify(input.event.now)} is not an ISO-8601 instant.`,
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const date = vietnamDate(input.event.now);
  const selection = select(input);
  if (!selection.ok) {
    return refused(
      'eligibility',
      `The cadres cannot be checked: ${selection.problems.join('; ')}.`,
      'VALIDATION_FAILED',
      { rule, date, problems: selection.problems },
    );
  }

  const assessments = selection.value.cadres.map((cadre) =>
    assessCadre(
      cadre,
      params.checks,
      date,
      selection.value.exceptions.get(cadre.id) ?? null,
      lifted,
    ),
  );
  const ineligible = assessments.filter((a) => !a.eligible);
  const details: JsonObject = {
    rule,
    date,
    cadres: assessments.map((a) => a.details),
    eligible: assessments.filter((a) => a.eligible).map((a) => a.id),
    ineligible: ineligible.map((a) => a.id),
  };
  if (ineligible.length === 0) return satisfied('eligibility', details);

  const names = new Map(
    selection.value.cadres.map((c) => [c.id, c.fullName ? `${c.id} (${c.fullName})` : c.id]),
  );
  const reason = ineligible
    .map((a) => `${names.get(a.id) ?? a.id}: ${a.failures.join('; ')}`)
    .join('. ');
  return refused(
    'eligibility',
    `Not eligible on ${date}. ${reason}.`,
    'RULE_NOT_SATISFIED',
    details,
  );
}

const waitMonths = { type: 'integer', minimum: 0 } as const;

const civilDate = { type: 'string', format: 'date' };

/** A freeze on a cadre (HD 02-HD/TW): the built-in `$defs` `freeze`, e.g. RECORD_FREEZE's payload. */
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

/** The cadre of SPEC §5.1, as the checks read it: the built-in `$defs` `cadre`. */
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
    id: { type: 'string', minLength: 1, maxLength: 200 },
    fullName: { type: 'string', minLength: 1, maxLength: 500 },
    gender: { enum: [...GENDERS] },
    dateOfBirth: civilDate,
    currentPosition: { type: 'string', maxLength: 500 },
    currentPositionSince: civilDate,
    inPlanning: { type: 'boolean' },
    disciplines: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['level', 'effectiveOn'],
        properties: { level: { enum: [...DISCIPLINE_LEVELS] }, effectiveOn: civilDate },
      },
    },
    freezes: { type: 'array', maxItems: 100, items: { $ref: 'cadreflow:defs/freeze' } },
    protectedDuty: { type: 'boolean' },
    // Read by lowConfidence (QĐ 96 / QĐ 41).
    lastConfidenceVote: {
      type: 'object',
      required: ['ballotsReturned', 'low'],
      properties: {
        ballotsReturned: { type: 'integer', minimum: 0 },
        low: { type: 'integer', minimum: 0 },
      },
    },
  },
};

export const eligibilityRule: RuleSpec<EligibilityParams> = {
  type: 'eligibility',
  description:
    'Checks cadres on the event date: planning, years to statutory retirement, months in post, discipline waiting periods, freezes and protected duty; an exception lifts the listed checks and is recorded.',
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
              properties: { reprimand: waitMonths, warning: waitMonths, removal: waitMonths },
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
    (params) =>
      params.select !== undefined && params.selectFact !== undefined
        ? [
            {
              path: 'selectFact',
              message: 'cannot be combined with select: choose one source of ids',
            },
          ]
        : [],
  ),
  evaluate: evaluateEligibility,
  defs: { cadre: CADRE_SCHEMA, freeze: FREEZE_SCHEMA },
};
