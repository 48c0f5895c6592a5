/** Small helpers shared by the rules: building evaluations, exact integer comparisons. */
import type { JsonObject } from '../definition/json.js';
import { render, type Message } from '../messages/message.js';
import type { RefusalCode, RuleEvaluation } from './rule.js';

export function satisfied(rule: string, details: JsonObject, result?: string): RuleEvaluation {
  return result === undefined
    ? { rule, satisfied: true, details }
    : { rule, satisfied: true, result, details };
}

/** A refusal: `reason` is the message in English, `message` lets the caller choose the language. */
export function refused(
  rule: string,
  message: Message,
  refusal: RefusalCode,
  details: JsonObject,
): RuleEvaluation {
  return { rule, satisfied: false, reason: render(message, 'en'), message, refusal, details };
}

/** A fraction of integers, as rule params write thresholds (`2/3`, `1/2`). */
export interface Fraction {
  readonly numerator: number;
  readonly denominator: number;
}

export function formatFraction(fraction: Fraction): string {
  return `${fraction.numerator}/${fraction.denominator}`;
}

/** One side of an exact comparison: a number, or a product `[a, b]` meaning `a·b`. */
export type Operand = number | readonly [number, number];

function toBigInt(operand: Operand): bigint {
  return typeof operand === 'number' ? BigInt(operand) : BigInt(operand[0]) * BigInt(operand[1]);
}

/** Compares two operands exactly (BigInt, so no product ever loses precision). */
export function compareExact(left: Operand, right: Operand): -1 | 0 | 1 {
  const l = toBigInt(left);
  const r = toBigInt(right);
  return l < r ? -1 : l > r ? 1 : 0;
}

function formatOperand(operand: Operand): string {
  return typeof operand === 'number'
    ? String(operand)
    : `${operand[0]}·${operand[1]} (${toBigInt(operand).toString()})`;
}

const SIGNS = { [-1]: '<', 0: '=', 1: '>' } as const;

/** The comparison as the rule made it, for audit details: `20·3 (60) = 30·2 (60)`, `7·2 (14) < 15`. */
export function formatComparison(left: Operand, right: Operand): string {
  return `${formatOperand(left)} ${SIGNS[compareExact(left, right)]} ${formatOperand(right)}`;
}

/** True for a JSON number that is a non-negative safe integer (a count). */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
