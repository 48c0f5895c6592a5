/** The rule vocabulary: every rule a definition may reference, by its type name. */
import { approvalsRule } from './approvals.js';
import { atLeastRule } from './at-least.js';
import { choiceRule } from './choice.js';
import { collectRule } from './collect.js';
import { dateOrderRule } from './date-order.js';
import { deadlineExtensionRule } from './deadline-extension.js';
import { dismissalGroundsRule } from './dismissal-grounds.js';
import { eligibilityRule } from './eligibility.js';
import { freezeRule } from './freeze.js';
import { lowConfidenceRule } from './low-confidence.js';
import { retirementHorizonRule } from './retirement-horizon.js';
import type { RuleRegistry, RuleSpec } from './rule.js';
import { selectionRule } from './selection.js';
import { termOfOfficeRule } from './term-of-office.js';
import { tieBreakRule } from './tie-break.js';
import { voteRule } from './vote.js';

// RuleSpec's methods are declared as methods, so a RuleSpec<VoteParams> is a RuleSpec<unknown>.
const RULES: readonly RuleSpec[] = [
  voteRule,
  approvalsRule,
  eligibilityRule,
  atLeastRule,
  lowConfidenceRule,
  choiceRule,
  collectRule,
  selectionRule,
  tieBreakRule,
  freezeRule,
  termOfOfficeRule,
  dismissalGroundsRule,
  dateOrderRule,
  retirementHorizonRule,
];

export const ruleRegistry: RuleRegistry = new Map(RULES.map((rule) => [rule.type, rule]));

export function getRule(type: string): RuleSpec | undefined {
  return ruleRegistry.get(type);
}

/**
 * Rules the format attaches by itself (never written in `rules`): a deadline's extension event
 * is judged by `deadlineExtension`. Their evaluations stay out of the history entry's outcome,
 * and a refusal answers with the rule's own details.
 */
export const implicitRules = {
  deadlineExtension: deadlineExtensionRule as RuleSpec,
} as const;

/** The deciding rules of a registry (those with results), in registry order. */
export function decidingRules(rules: RuleRegistry = ruleRegistry): string[] {
  return [...rules.values()].filter((rule) => rule.results !== undefined).map((rule) => rule.type);
}
