/**
 * The action vocabulary definitions may name in a transition's `actions`. Each action changes
 * the case context only (pure `assign`); I/O is never an action. Actions the compiler inserts
 * by itself (approvals, votes, deadlines…) live in `workflow-setup.ts`, not here.
 */
import type { JsonObject, JsonValue } from '../definition/json.js';
import { paramsChecker } from '../rules/check-params.js';
import type { ParamProblem } from '../rules/rule.js';
import { contextPathSchema } from '../rules/context-path.js';

export interface ActionSpec {
  readonly type: string;
  readonly description: string;
  readonly paramsSchema: JsonObject;
  checkParams(params: JsonValue | undefined): ParamProblem[];
}

const pathString = contextPathSchema as unknown as JsonObject;
const factName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' };

function defineAction(type: string, description: string, paramsSchema: JsonObject): ActionSpec {
  return { type, description, paramsSchema, checkParams: paramsChecker(paramsSchema) };
}

export const RECORD_FACTS = defineAction(
  'recordFacts',
  'Stores the payload (or one field of it) as a fact of the case, for later rules and for the case view.',
  {
    type: 'object',
    required: ['as'],
    additionalProperties: false,
    properties: { as: factName, field: factName },
  },
);

export const RECORD_DATE = defineAction(
  'recordDate',
  'Stores a date computed from another one, e.g. the end of a term: effectiveOn + 5 years.',
  {
    type: 'object',
    required: ['as', 'from'],
    additionalProperties: false,
    properties: {
      as: factName,
      from: pathString,
      addYears: { type: 'integer', minimum: 0, maximum: 100 },
      addMonths: { type: 'integer', minimum: 0, maximum: 1200 },
      addMonthsFrom: pathString,
    },
  },
);

export const APPEND_FACT = defineAction(
  'appendFact',
  'Appends the payload (or one field of it) to a list kept per key, e.g. freezes per cadre id.',
  {
    type: 'object',
    required: ['as', 'keyField'],
    additionalProperties: false,
    properties: { as: factName, keyField: factName, valueField: factName },
  },
);

export const actionRegistry: ReadonlyMap<string, ActionSpec> = new Map(
  [RECORD_FACTS, RECORD_DATE, APPEND_FACT].map((spec) => [spec.type, spec]),
);

export interface RecordFactsParams {
  readonly as: string;
  readonly field?: string;
}
export interface RecordDateParams {
  readonly as: string;
  readonly from: string;
  readonly addYears?: number;
  readonly addMonths?: number;
  readonly addMonthsFrom?: string;
}
export interface AppendFactParams {
  readonly as: string;
  readonly keyField: string;
  readonly valueField?: string;
}
