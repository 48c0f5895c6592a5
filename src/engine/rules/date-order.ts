/**
 * `dateOrder` (gate): dates of the case must come in order, each on or before the next — a
 * resignation letter is not received after the day it is submitted; a decision is not signed
 * after it takes effect. `$today` is the event's date (Vietnam). A missing date is refused,
 * unless its path is listed in `optional` (a secondment's end date, absent for a transfer): an
 * absent optional date is skipped and its neighbours are compared with each other.
 */
import { isCivilDate, isIsoInstant, vietnamDate } from '../calendar/civil-date.js';
import type { JsonObject } from '../definition/json.js';
import { message, type Message } from '../messages/message.js';
import { paramsChecker } from './check-params.js';
import { contextPathSchema, readContextPath } from './context-path.js';
import { refused, satisfied } from './evaluation.js';
import type { ParamProblem, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export const TODAY = '$today';

export interface DateOrderParams {
  /** Context paths (or `$today`), earliest first. */
  readonly dates: readonly string[];
  /** Paths of `dates` that may be absent (null or missing): skipped when absent. */
  readonly optional?: readonly string[];
}

export function evaluateDateOrder(input: RuleInput<DateOrderParams>): RuleEvaluation {
  const today = isIsoInstant(input.event.now) ? vietnamDate(input.event.now) : null;
  const all = input.params.dates.map((path) => ({
    path,
    value: path === TODAY ? today : readContextPath(input, path),
  }));
  const details: JsonObject = {
    dates: all.map(({ path, value }) => ({ path, value: value ?? null })),
  };
  const optional = input.params.optional ?? [];
  const values = all.filter(
    ({ path, value }) => !(optional.includes(path) && (value === undefined || value === null)),
  );
  const label = (path: string): Message | string => (path === TODAY ? message('term.today') : path);
  for (const { path, value } of values) {
    if (typeof value !== 'string' || !isCivilDate(value)) {
      return refused(
        'dateOrder',
        message('dates.missing', { field: label(path) }),
        'VALIDATION_FAILED',
        details,
      );
    }
  }
  for (let index = 1; index < values.length; index += 1) {
    const earlier = values[index - 1] as { path: string; value: string };
    const later = values[index] as { path: string; value: string };
    if (earlier.value > later.value) {
      return refused(
        'dateOrder',
        message('dates.after', {
          field: label(earlier.path),
          value: earlier.value,
          bound: label(later.path),
          boundValue: later.value,
        }),
        'VALIDATION_FAILED',
        details,
      );
    }
  }
  return satisfied('dateOrder', details);
}

export const dateOrderRule: RuleSpec<DateOrderParams> = {
  type: 'dateOrder',
  description:
    'Requires dates of the case (context paths, or $today) to come in order, each on or before the next.',
  checkParams: paramsChecker<DateOrderParams>(
    {
      type: 'object',
      required: ['dates'],
      additionalProperties: false,
      properties: {
        dates: {
          type: 'array',
          minItems: 2,
          items: { oneOf: [contextPathSchema, { const: TODAY }] },
        },
        optional: { type: 'array', uniqueItems: true, items: contextPathSchema },
      },
    },
    (params): ParamProblem[] =>
      (params.optional ?? []).flatMap((path, index) =>
        params.dates.includes(path)
          ? []
          : [{ path: `optional.${index}`, message: `${path} is not one of dates` }],
      ),
  ),
  evaluate: evaluateDateOrder,
};
