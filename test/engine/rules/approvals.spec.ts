import { describe, expect, it } from '@jest/globals';
import {
  approvalsRule,
  pendingRoles,
  type ApprovalsParams,
} from '../../../src/engine/rules/approvals.js';
import type { Actor, ApprovalRecord } from '../../../src/engine/rules/rule.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// vetting: the organization board and the inspection commission both approve (SPEC §5.2)
const vetting: ApprovalsParams = { required: ['organization_board', 'inspection_commission'] };
const board: Actor = { id: 'ob-1', roles: ['organization_board'] };
const commission: Actor = { id: 'ic-1', roles: ['inspection_commission'] };
const both: Actor = { id: 'both-1', roles: ['organization_board', 'inspection_commission'] };
const given = (...records: Array<[string, string]>): ApprovalRecord[] =>
  records.map(([actorId, role]) => ({ actorId, role, at: '2025-06-01T02:00:00Z' }));

const approve = (
  actor: Actor,
  options: {
    approvals?: ApprovalRecord[];
    enteredBy?: string;
    role?: unknown;
    params?: ApprovalsParams;
  } = {},
) =>
  approvalsRule.evaluate(
    ruleInput(options.params ?? vetting, {
      type: 'APPROVE',
      actor,
      stateId: 'vetting',
      payload: options.role === undefined ? {} : { role: options.role as string },
      approvals: options.approvals ? { vetting: options.approvals } : {},
      enteredBy: options.enteredBy ? { vetting: options.enteredBy } : {},
    }),
  );

describe('approvals', () => {
  it('records the first approval as PENDING', () => {
    const evaluation = approve(board, { enteredBy: 'clerk-1' });
    expect(evaluation).toMatchObject({
      satisfied: true,
      result: 'PENDING',
      details: {
        role: 'organization_board',
        actorId: 'ob-1',
        given: ['organization_board'],
        pending: ['inspection_commission'],
        enteredBy: 'clerk-1',
      },
    });
    expectJsonOnly(evaluation);
  });

  it('completes the set with the last approval', () => {
    const evaluation = approve(commission, { approvals: given(['ob-1', 'organization_board']) });
    expect(evaluation).toMatchObject({
      satisfied: true,
      result: 'COMPLETE',
      details: {
        role: 'inspection_commission',
        given: ['organization_board', 'inspection_commission'],
        pending: [],
      },
    });
  });

  it('counts the approval for the first pending role the actor holds, in params order', () => {
    expect(approve(both).details['role']).toBe('organization_board');
    expect(
      approve(both, { approvals: given(['ob-1', 'organization_board']) }).details['role'],
    ).toBe('inspection_commission');
  });

  it('counts it for the role named in the payload', () => {
    expect(approve(both, { role: 'inspection_commission' })).toMatchObject({
      result: 'PENDING',
      details: { role: 'inspection_commission', pending: ['organization_board'] },
    });
  });

  it('completes a single-role step at once', () => {
    expect(approve(board, { params: { required: ['organization_board'] } }).result).toBe(
      'COMPLETE',
    );
  });

  describe('separation of duties (SPEC §1) → FORBIDDEN', () => {
    it('refuses a second approval of the same step by one principal, even under another role', () => {
      const evaluation = approve(both, { approvals: given(['both-1', 'organization_board']) });
      expect(evaluation).toMatchObject({
        satisfied: false,
        refusal: 'FORBIDDEN',
        details: { breach: 'alreadyApproved' },
      });
      expect(evaluation.reason).toBe(
        "Principal both-1 already gave the organization_board approval for this step; one principal gives at most one of a step's approvals.",
      );
      expectJsonOnly(evaluation);
    });

    it('refuses an approval by the principal who submitted the step', () => {
      const submitter: Actor = { id: 'ob-1', roles: ['clerk', 'organization_board'] };
      const evaluation = approve(submitter, { enteredBy: 'ob-1' });
      expect(evaluation).toMatchObject({
        satisfied: false,
        refusal: 'FORBIDDEN',
        details: { breach: 'submittedStep' },
      });
      expect(evaluation.reason).toBe('Principal ob-1 submitted this step and may not approve it.');
    });

    it('ignores submissions and approvals recorded for other steps', () => {
      const evaluation = approvalsRule.evaluate(
        ruleInput(vetting, {
          actor: board,
          stateId: 'vetting',
          approvals: { 'proposal.policyReview': given(['ob-1', 'organization_board']) },
          enteredBy: { 'proposal.policyReview': 'ob-1' },
        }),
      );
      expect(evaluation.satisfied).toBe(true);
    });
  });

  describe('other refusals', () => {
    it('refuses an actor whose roles are all given already (RULE_NOT_SATISFIED)', () => {
      const evaluation = approve(
        { id: 'ob-2', roles: ['organization_board'] },
        { approvals: given(['ob-1', 'organization_board']) },
      );
      expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
      expect(evaluation.reason).toBe(
        'The organization_board approval that principal ob-2 could give has already been given; still pending: inspection_commission.',
      );
    });

    it('refuses an actor holding none of the required roles (RULE_NOT_SATISFIED)', () => {
      const evaluation = approve({ id: 'a-1', roles: ['authority'] });
      expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
      expect(evaluation.reason).toContain(
        'holds none of the roles whose approval this step needs (organization_board, inspection_commission)',
      );
    });

    it.each<[string, unknown, string]>([
      ['a role the step does not need', 'authority', 'VALIDATION_FAILED'],
      ['a role that is not a string', 7, 'VALIDATION_FAILED'],
      ['a role the actor does not hold', 'inspection_commission', 'FORBIDDEN'],
    ])('refuses %s in the payload', (_name, role, refusal) => {
      expect(approve(board, { role })).toMatchObject({ satisfied: false, refusal });
    });

    it('refuses a payload role already given (RULE_NOT_SATISFIED)', () => {
      const evaluation = approve(
        { id: 'both-2', roles: both.roles },
        { role: 'organization_board', approvals: given(['ob-1', 'organization_board']) },
      );
      expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
      expect(evaluation.reason).toBe(
        'The organization_board approval for this step has already been given.',
      );
    });
  });

  describe('params and results', () => {
    it('accepts distinct known roles', () => {
      expect(
        approvalsRule.checkParams({ required: ['organization_board', 'inspection_commission'] }),
      ).toEqual([]);
    });

    it('reports every problem with its path', () => {
      expect(
        approvalsRule.checkParams({
          required: ['organization_board', 'auditor', 'organization_board'],
          quorum: 2,
        }),
      ).toEqual(
        expect.arrayContaining([
          { path: 'required.1', message: expect.stringContaining('must be one of') },
          { path: 'required', message: 'must not contain duplicates' },
          { path: 'quorum', message: 'is not a parameter of this rule' },
        ]),
      );
      expect(approvalsRule.checkParams(undefined)).toEqual([
        { path: 'required', message: 'is required' },
      ]);
      expect(approvalsRule.checkParams({ required: [] })).toEqual([
        { path: 'required', message: 'must NOT have fewer than 1 items' },
      ]);
    });

    it('lists PENDING only when more than one approval is required', () => {
      expect(approvalsRule.results?.(vetting)).toEqual(['COMPLETE', 'PENDING']);
      expect(approvalsRule.results?.({ required: ['authority'] })).toEqual(['COMPLETE']);
    });
  });
});

describe('pendingRoles', () => {
  it('lists required roles not yet given, in required order', () => {
    expect(pendingRoles(['a', 'b', 'c'], [{ role: 'b' }])).toEqual(['a', 'c']);
    expect(pendingRoles(['a', 'b'], given(['x', 'a'], ['y', 'b']))).toEqual([]);
    expect(pendingRoles(['a'], [{ role: 'other' }])).toEqual(['a']);
  });
});

describe('approvals in a state whose id is a name of Object.prototype (issue 11 item 8)', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'counts approvals in state %s',
    (stateId) => {
      const evaluation = approvalsRule.evaluate(
        ruleInput(vetting, { type: 'APPROVE', actor: board, stateId }),
      );
      expect(evaluation).toMatchObject({
        satisfied: true,
        result: 'PENDING',
        details: { given: ['organization_board'], enteredBy: null },
      });
    },
  );
});
