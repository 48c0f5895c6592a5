/**
 * `termOfOffice` (gate): the appointment decision's dates and the term it opens (SPEC §5.2
 * corrections). A decision is signed on or before the day it takes effect, and not after the day
 * it is recorded; the term ends at the earlier of `effectiveOn` + `termYears` (NĐ 170 Art. 28:
 * 5 years) and the appointee's statutory retirement date (Labour Code 2019 Art. 169, Decree
 * 135/2020); an appointee who retires by the effective day cannot be appointed. Details:
 * `terms` per appointee and `termEndsOn` when all appointees share it; the rule records both as
 * facts of the same names.
 */
import {
  addYears,
  compareDates,
  isCivilDate,
  isIsoInstant,
  vietnamDate,
} from '../calendar/civil-date.js';
import { isJsonObject, type JsonObject } from '../definition/json.js';
import { message, type Message } from '../messages/message.js';
import { paramsChecker } from './check-params.js';
import {
  contextPathSchema,
  idsOf,
  payloadFieldSchema,
  readContextPath,
  readJsonPath,
} from './context-path.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import { statutoryRetirementDate } from './retirement.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface TermOfOfficeParams {
  /** Context path of the cadres: `subject.candidates` or `subject.cadre`. */
  readonly cadres: string;
  /** Fact holding the appointees' ids (e.g. `nominees`); without it, every cadre at `cadres`. */
  readonly selectFact?: string;
  /** Context paths of the decision's dates. Default `payload.signedOn`, `payload.effectiveOn`. */
  readonly signedOn?: string;
  readonly effectiveOn?: string;
  readonly termYears: number;
  /** End the term at the statutory retirement date when that comes first. Default true. */
  readonly capAtRetirement?: boolean;
}

/** The term's end: `effectiveOn` + `termYears`, or the retirement date if that comes first. */
export function termEnd(
  effectiveOn: string,
  termYears: number,
  retirementDate: string | null,
): { termEndsOn: string; fullTermEndsOn: string; cappedByRetirement: boolean } {
  const fullTermEndsOn = addYears(effectiveOn, termYears);
  const capped = retirementDate !== null && compareDates(retirementDate, fullTermEndsOn) < 0;
  return {
    termEndsOn: capped ? retirementDate : fullTermEndsOn,
    fullTermEndsOn,
    cappedByRetirement: capped,
  };
}

export function evaluateTermOfOffice(input: RuleInput<TermOfOfficeParams>): RuleEvaluation {
  const { params } = input;
  const signedPath = params.signedOn ?? 'payload.signedOn';
  const effectivePath = params.effectiveOn ?? 'payload.effectiveOn';
  const signedOn = readContextPath(input, signedPath);
  const effectiveOn = readContextPath(input, effectivePath);
  const capAtRetirement = params.capAtRetirement ?? true;
  const base: JsonObject = {
    signedOn: signedOn ?? null,
    effectiveOn: effectiveOn ?? null,
    termYears: params.termYears,
    capAtRetirement,
  };
  const problems: Message[] = [];
  if (!isCivilDate(signedOn)) problems.push(message('data.mustBeDate', { what: signedPath }));
  if (!isCivilDate(effectiveOn)) problems.push(message('data.mustBeDate', { what: effectivePath }));
  if (!isIsoInstant(input.event.now)) problems.push(message('step.notInstant'));
  if (problems.length > 0 || !isCivilDate(signedOn) || !isCivilDate(effectiveOn)) {
    return refused(
      'termOfOffice',
      message('term.badFacts', { problems }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const date = vietnamDate(input.event.now);
  if (compareDates(signedOn, effectiveOn) > 0) {
    return refused(
      'termOfOffice',
      message('term.signedAfterEffective', { signedOn, effectiveOn }),
      'VALIDATION_FAILED',
      base,
    );
  }
  if (compareDates(signedOn, date) > 0) {
    return refused(
      'termOfOffice',
      message('term.signedLater', { signedOn, date }),
      'VALIDATION_FAILED',
      base,
    );
  }

  const raw = readContextPath(input, params.cadres);
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : [];
  const selected =
    params.selectFact === undefined
      ? undefined
      : idsOf(readJsonPath(input.context.facts, params.selectFact));
  const cadres = list.filter(
    (item) =>
      isJsonObject(item) &&
      isNonEmptyString(item['id']) &&
      (selected === undefined || selected.includes(item['id'])),
  ) as JsonObject[];
  const terms: JsonObject = {};
  const ends = new Set<string>();
  for (const cadre of cadres) {
    const id = cadre['id'] as string;
    const { gender, dateOfBirth } = cadre;
    let retirementDate: string | null = null;
    if (capAtRetirement) {
      if ((gender !== 'male' && gender !== 'female') || !isCivilDate(dateOfBirth)) {
        problems.push(
          message('data.mustBeDate', {
            what: message('data.cadreField', { id, field: 'dateOfBirth' }),
          }),
        );
        continue;
      }
      retirementDate = statutoryRetirementDate(gender, dateOfBirth);
      if (compareDates(retirementDate, effectiveOn) <= 0) {
        return refused(
          'termOfOffice',
          message('term.afterRetirement', { cadre: id, retirementDate, effectiveOn }),
          'RULE_NOT_SATISFIED',
          { ...base, cadre: id, retirementDate },
        );
      }
    }
    const term = termEnd(effectiveOn, params.termYears, retirementDate);
    terms[id] = { ...term, retirementDate };
    ends.add(term.termEndsOn);
  }
  if (problems.length > 0) {
    return refused(
      'termOfOffice',
      message('term.badFacts', { problems }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const [only] = ends;
  return satisfied('termOfOffice', {
    ...base,
    terms,
    ...(ends.size === 1 && only !== undefined ? { termEndsOn: only } : {}),
  });
}

export const termOfOfficeRule: RuleSpec<TermOfOfficeParams> = {
  type: 'termOfOffice',
  description:
    "Checks the decision's dates (signed on or before it takes effect) and computes each appointee's term end: effectiveOn + termYears, or the statutory retirement date if earlier.",
  checkParams: paramsChecker<TermOfOfficeParams>({
    type: 'object',
    required: ['cadres', 'termYears'],
    additionalProperties: false,
    properties: {
      cadres: contextPathSchema,
      selectFact: payloadFieldSchema,
      signedOn: contextPathSchema,
      effectiveOn: contextPathSchema,
      termYears: { type: 'integer', minimum: 1, maximum: 20 },
      capAtRetirement: { type: 'boolean' },
    },
  }),
  evaluate: evaluateTermOfOffice,
  factsRecorded: () => ['terms', 'termEndsOn'],
  record({ context, evaluation }) {
    const { terms, termEndsOn } = evaluation.details;
    const facts: JsonObject = { ...context.facts };
    if (isJsonObject(terms)) facts['terms'] = terms;
    if (typeof termEndsOn === 'string') facts['termEndsOn'] = termEndsOn;
    return { facts };
  },
};
