/**
 * `freeze` (deciding): records, or lifts, a freeze on a cadre of the case (HD 02-HD/TW 2021:
 * while a cadre is under inspection for signs of violation, disciplinary review, investigation or
 * denunciation resolution, no appointment, rotation, resignation… is carried out for them).
 *
 * `mode: record` — the freeze joins `facts.freezes[cadreId]`; the result is SUSPENDED when the
 * cadre is still in contention (among the nominees, else the eligible list, else any candidate)
 * and the freeze is active today, so the whole process waits; RECORDED otherwise (a later check of
 * eligibility still sees it).
 * `mode: lift` — the cadre's open freezes recorded on the case end on `liftedOn` (default today);
 * CLEARED when no cadre in contention is still frozen, STILL_FROZEN otherwise.
 * The rule records the updated freezes as `facts.freezes` (they are in the details too).
 */
import {
  compareDates,
  isCivilDate,
  isIsoInstant,
  vietnamDate,
  type CivilDate,
} from '../calendar/civil-date.js';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { message } from '../messages/message.js';
import { paramsChecker } from './check-params.js';
import {
  contextPathSchema,
  idsOf,
  payloadFieldSchema,
  readContextPath,
  readJsonPath,
  readPayloadField,
} from './context-path.js';
import { FREEZE_KINDS, isFreezeActive } from './eligibility.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface FreezeParams {
  readonly mode: 'record' | 'lift';
  /** Context path of the case's cadres: `subject.candidates` or `subject.cadre`. */
  readonly cadres: string;
  /** Facts listing who is still in contention, first recorded wins. Default: nominees, eligible. */
  readonly contention?: readonly string[];
  /** Payload field of the cadre id. Default `cadreId`. */
  readonly cadreField?: string;
  /** Payload field of the freeze (record). Default `freeze`. */
  readonly freezeField?: string;
  /** Payload field of the day it was lifted (lift). Default `liftedOn`. */
  readonly liftedOnField?: string;
}

const DEFAULT_CONTENTION = ['nominees', 'eligible'];

interface StoredFreeze {
  readonly kind: string;
  readonly since: CivilDate;
  readonly until?: CivilDate;
  readonly liftedOn?: CivilDate;
}

function asFreeze(value: JsonValue): StoredFreeze | undefined {
  if (!isJsonObject(value)) return undefined;
  const { kind, since, until, liftedOn } = value;
  if (typeof kind !== 'string' || !isCivilDate(since)) return undefined;
  return {
    kind,
    since,
    ...(isCivilDate(until) ? { until } : {}),
    ...(isCivilDate(liftedOn) ? { liftedOn } : {}),
  };
}

function freezesOf(value: JsonValue | undefined): StoredFreeze[] {
  return Array.isArray(value) ? value.flatMap((item) => asFreeze(item) ?? []) : [];
}

function cadreIds(input: RuleInput<FreezeParams>): string[] {
  const raw = readContextPath(input, input.params.cadres);
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : [];
  return list.flatMap((item) =>
    isJsonObject(item) && isNonEmptyString(item['id']) ? [item['id']] : [],
  );
}

function contenders(input: RuleInput<FreezeParams>, all: readonly string[]): string[] {
  for (const fact of input.params.contention ?? DEFAULT_CONTENTION) {
    const ids = idsOf(readJsonPath(input.context.facts, fact));
    if (ids !== undefined && ids.length > 0) return ids;
  }
  return [...all];
}

function frozenOn(
  input: RuleInput<FreezeParams>,
  ids: readonly string[],
  recorded: JsonObject,
  date: CivilDate,
): string[] {
  const raw = readContextPath(input, input.params.cadres);
  const list = Array.isArray(raw) ? raw : isJsonObject(raw) ? [raw] : [];
  const own = new Map(
    list.flatMap((item) =>
      isJsonObject(item) && isNonEmptyString(item['id'])
        ? [[item['id'], freezesOf(item['freezes'])] as const]
        : [],
    ),
  );
  return ids.filter((id) =>
    [...(own.get(id) ?? []), ...freezesOf(ownValue(recorded, id))].some((f) =>
      isFreezeActive(f, date),
    ),
  );
}

export function evaluateFreeze(input: RuleInput<FreezeParams>): RuleEvaluation {
  const { params } = input;
  const cadreField = params.cadreField ?? 'cadreId';
  const cadreId = readPayloadField(input, cadreField);
  const all = cadreIds(input);
  const stored = input.context.facts['freezes'];
  const recorded: JsonObject = isJsonObject(stored) ? stored : {};
  const base: JsonObject = { mode: params.mode, cadreId: cadreId ?? null };
  if (!isIsoInstant(input.event.now)) {
    return refused(
      'freeze',
      message('eligibility.badNow', { now: JSON.stringify(input.event.now) }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const date = vietnamDate(input.event.now);
  if (!isNonEmptyString(cadreId) || !all.includes(cadreId)) {
    return refused(
      'freeze',
      message('data.notCadre', {
        id: typeof cadreId === 'string' ? cadreId : JSON.stringify(cadreId ?? null),
        ids: all,
      }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const inContention = contenders(input, all);
  const existing = Array.isArray(ownValue(recorded, cadreId))
    ? (ownValue(recorded, cadreId) as JsonValue[])
    : [];

  if (params.mode === 'record') {
    const raw = readPayloadField(input, params.freezeField ?? 'freeze');
    const freeze = raw === undefined ? undefined : asFreeze(raw);
    if (
      freeze === undefined ||
      !(FREEZE_KINDS as readonly string[]).includes(freeze.kind) ||
      (freeze.until !== undefined && compareDates(freeze.until, freeze.since) < 0)
    ) {
      return refused(
        'freeze',
        message('freeze.badFreeze', {
          problems: [
            message('data.mustBeOneOf', { what: 'freeze.kind', values: [...FREEZE_KINDS] }),
          ],
        }),
        'VALIDATION_FAILED',
        base,
      );
    }
    const freezes: JsonObject = { ...recorded, [cadreId]: [...existing, raw as JsonValue] };
    const active = isFreezeActive(freeze, date);
    const suspends = active && inContention.includes(cadreId);
    const result = suspends ? 'SUSPENDED' : 'RECORDED';
    return satisfied(
      'freeze',
      {
        ...base,
        date,
        inContention: inContention.includes(cadreId),
        contenders: inContention,
        active,
        freezes,
        result,
      },
      result,
    );
  }

  const rawLifted = readPayloadField(input, params.liftedOnField ?? 'liftedOn');
  const liftedOn = rawLifted === undefined || rawLifted === null ? date : rawLifted;
  if (typeof liftedOn !== 'string' || !isCivilDate(liftedOn)) {
    return refused(
      'freeze',
      message('data.mustBeDate', { what: 'liftedOn' }),
      'VALIDATION_FAILED',
      base,
    );
  }
  if (compareDates(liftedOn, date) > 0) {
    return refused(
      'freeze',
      message('freeze.liftedInFuture', { liftedOn, date }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const open = existing.filter((item) => {
    const freeze = asFreeze(item);
    return freeze !== undefined && freeze.liftedOn === undefined;
  });
  if (open.length === 0) {
    return refused(
      'freeze',
      message('freeze.nothingToLift', { id: cadreId }),
      'RULE_NOT_SATISFIED',
      base,
    );
  }
  const early = open
    .map(asFreeze)
    .find((f) => f !== undefined && compareDates(liftedOn, f.since) < 0);
  if (early !== undefined) {
    return refused(
      'freeze',
      message('freeze.liftedBeforeSince', { liftedOn, since: early.since }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const lifted = existing.map((item) =>
    open.includes(item) && isJsonObject(item) ? { ...item, liftedOn } : item,
  );
  const freezes: JsonObject = { ...recorded, [cadreId]: lifted };
  const stillFrozen = frozenOn(input, inContention, freezes, date);
  const result = stillFrozen.length === 0 ? 'CLEARED' : 'STILL_FROZEN';
  return satisfied(
    'freeze',
    {
      ...base,
      date,
      liftedOn,
      lifted: open.length,
      contenders: inContention,
      stillFrozen,
      freezes,
      result,
    },
    result,
  );
}

const cadreId = { type: 'string', minLength: 1, maxLength: 200 };

/** RECORD_FREEZE's payload: the built-in `$defs` `freezeRecord`. */
export const FREEZE_RECORD_SCHEMA: JsonObject = {
  type: 'object',
  required: ['cadreId', 'freeze'],
  additionalProperties: false,
  properties: { cadreId, freeze: { $ref: 'cadreflow:defs/freeze' } },
};

/** LIFT_FREEZE's payload: the built-in `$defs` `freezeLift`. */
export const FREEZE_LIFT_SCHEMA: JsonObject = {
  type: 'object',
  required: ['cadreId'],
  additionalProperties: false,
  properties: {
    cadreId,
    // The day the conclusion, decision or closure ended the freeze; default the day recorded.
    liftedOn: { type: 'string', format: 'date' },
    documentRef: { type: 'string', maxLength: 200 },
    note: { type: 'string', maxLength: 4000 },
  },
};

export const freezeRule: RuleSpec<FreezeParams> = {
  type: 'freeze',
  description:
    'Records or lifts a freeze on a cadre of the case (HD 02-HD/TW): SUSPENDED or RECORDED when recording, CLEARED or STILL_FROZEN when lifting.',
  checkParams: paramsChecker<FreezeParams>({
    type: 'object',
    required: ['mode', 'cadres'],
    additionalProperties: false,
    properties: {
      mode: { type: 'string', enum: ['record', 'lift'] },
      cadres: contextPathSchema,
      contention: { type: 'array', items: payloadFieldSchema },
      cadreField: payloadFieldSchema,
      freezeField: payloadFieldSchema,
      liftedOnField: payloadFieldSchema,
    },
  }),
  results: (params) =>
    params.mode === 'lift' ? ['CLEARED', 'STILL_FROZEN'] : ['SUSPENDED', 'RECORDED'],
  evaluate: evaluateFreeze,
  defs: { freezeRecord: FREEZE_RECORD_SCHEMA, freezeLift: FREEZE_LIFT_SCHEMA },
  factsRecorded: () => ['freezes'],
  record({ context, evaluation }) {
    const freezes = evaluation.details['freezes'];
    return isJsonObject(freezes) ? { facts: { ...context.facts, freezes } } : {};
  },
};
