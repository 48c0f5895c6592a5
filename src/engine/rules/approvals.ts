/**
 * `approvals` (deciding): a step that needs the approval of several roles, each once, with
 * separation of duties (SPEC §1): one principal gives at most one of a step's approvals and never
 * approves a step it submitted. Results: COMPLETE (this approval completes the set) or PENDING.
 * Records each approval under the step's state id (`context.approvals`), lists the roles still
 * pending, and offers the event only to a principal separation of duties does not bar.
 */
import { ownValue } from '../definition/json.js';
import { ROLES } from '../definition/workflow-definition.js';
import { distinctStrings, paramsChecker } from './check-params.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import { message } from '../messages/message.js';
import type { ApprovalRecord, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface ApprovalsParams {
  /** Roles whose approval the step needs, each once. */
  readonly required: readonly string[];
}

export type ApprovalsResult = 'COMPLETE' | 'PENDING';

// The auditor writes nothing (SPEC §1) and the scheduler only fires deadlines.
const APPROVING_ROLES = ROLES.filter((role) => role !== 'auditor' && role !== 'system');

/** Required roles not yet given, in `required` order. */
export function pendingRoles(
  required: readonly string[],
  given: readonly Pick<ApprovalRecord, 'role'>[],
): string[] {
  const done = new Set(given.map((approval) => approval.role));
  return required.filter((role) => !done.has(role));
}

export function approvalsResults(params: ApprovalsParams): ApprovalsResult[] {
  return params.required.length > 1 ? ['COMPLETE', 'PENDING'] : ['COMPLETE'];
}

export function evaluateApprovals(input: RuleInput<ApprovalsParams>): RuleEvaluation {
  const { required } = input.params;
  const actor = input.event.actor;
  const given = ownValue(input.context.approvals, input.stateId) ?? [];
  const enteredBy = ownValue(input.context.enteredBy, input.stateId) ?? null;
  const pending = pendingRoles(required, given);
  const base = {
    actorId: actor.id,
    actorRoles: [...actor.roles],
    required: [...required],
    givenBefore: given.map((approval) => ({
      role: approval.role,
      actorId: approval.actorId,
      at: approval.at,
    })),
    pendingBefore: pending,
    enteredBy,
  };

  // SPEC §1 separation of duties, checked before anything else: it holds whatever role is claimed.
  const earlier = given.find((approval) => approval.actorId === actor.id);
  if (earlier) {
    return refused(
      'approvals',
      message('approvals.alreadyApproved', { actor: actor.id, role: earlier.role }),
      'FORBIDDEN',
      { ...base, breach: 'alreadyApproved' },
    );
  }
  if (enteredBy === actor.id) {
    return refused(
      'approvals',
      message('approvals.submittedStep', { actor: actor.id }),
      'FORBIDDEN',
      { ...base, breach: 'submittedStep' },
    );
  }

  const claimed = input.event.payload['role'];
  let role: string;
  if (claimed !== undefined && claimed !== null) {
    if (!isNonEmptyString(claimed) || !required.includes(claimed)) {
      return refused(
        'approvals',
        message('approvals.roleNotNeeded', {
          role: JSON.stringify(claimed),
          required: [...required],
        }),
        'VALIDATION_FAILED',
        { ...base, claimedRole: claimed },
      );
    }
    if (!actor.roles.includes(claimed)) {
      return refused(
        'approvals',
        message('approvals.roleNotHeld', { actor: actor.id, role: claimed }),
        'FORBIDDEN',
        { ...base, claimedRole: claimed },
      );
    }
    if (!pending.includes(claimed)) {
      return refused(
        'approvals',
        message('approvals.roleGiven', { role: claimed }),
        'RULE_NOT_SATISFIED',
        { ...base, claimedRole: claimed },
      );
    }
    role = claimed;
  } else {
    const first = pending.find((candidate) => actor.roles.includes(candidate));
    if (first === undefined) {
      const held = required.filter((candidate) => actor.roles.includes(candidate));
      const reason =
        held.length === 0
          ? message('approvals.noRole', { actor: actor.id, required: [...required] })
          : message(held.length > 1 ? 'approvals.heldGivenMany' : 'approvals.heldGivenOne', {
              held: held.join(' and '),
              actor: actor.id,
              pending,
            });
      return refused('approvals', reason, 'RULE_NOT_SATISFIED', base);
    }
    role = first;
  }

  const givenRoles = [...given.map((approval) => approval.role), role];
  const stillPending = pending.filter((candidate) => candidate !== role);
  const result: ApprovalsResult = stillPending.length === 0 ? 'COMPLETE' : 'PENDING';
  return satisfied(
    'approvals',
    { ...base, role, given: givenRoles, pending: stillPending, result },
    result,
  );
}

export const approvalsRule: RuleSpec<ApprovalsParams> = {
  type: 'approvals',
  description:
    'Records one of the approvals a step needs (each required role once, separation of duties enforced) and decides COMPLETE or PENDING.',
  checkParams: paramsChecker<ApprovalsParams>({
    type: 'object',
    required: ['required'],
    additionalProperties: false,
    properties: {
      required: { ...distinctStrings, items: { type: 'string', enum: APPROVING_ROLES } },
    },
  }),
  results: approvalsResults,
  evaluate: evaluateApprovals,
  record({ context, event, evaluation, stateId }) {
    const role = evaluation.details['role'];
    const record: ApprovalRecord = {
      actorId: event.actor.id,
      role: typeof role === 'string' ? role : '',
      at: event.now,
    };
    const given = ownValue(context.approvals, stateId) ?? [];
    return { approvals: { ...context.approvals, [stateId]: [...given, record] } };
  },
  pending({ context, params, stateId }) {
    return pendingRoles(params.required, ownValue(context.approvals, stateId) ?? []).map(
      (role) => ({ role }),
    );
  },
  // Hides the event from a principal who may not approve now (already approved, submitted it,
  // holds no pending role): the same judgement as sending it, on an empty payload.
  offers: (input) => evaluateApprovals(input).satisfied,
};
