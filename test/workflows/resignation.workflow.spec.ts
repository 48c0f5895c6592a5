import { describe, expect, it } from '@jest/globals';
import {
  actors,
  builtin,
  cadre,
  last,
  open,
  send,
  walk,
  yesNo,
} from '../support/engine-fixtures.js';

// Version 1 (QĐ 41); the QĐ 377 profile is walked in corrections.workflow.spec.ts.
const resignation = builtin('resignation', 1);

function subject(cadreOverrides: Record<string, unknown> = {}) {
  return {
    cadre: cadre({ id: 'x1', ...cadreOverrides }),
    position: { title: 'Giám đốc Sở', unit: 'Sở Y tế' },
  };
}

const letter = { ground: 'personal', letterReceivedOn: '2026-03-02' };
const decision = { decisionNumber: '9/QĐ-UBND', signedOn: '2026-03-20', effectiveOn: '2026-03-21' };

describe('resignation workflow', () => {
  it('walks proposal → exchange → vote → decision → resigned, with its deadlines', () => {
    const opened = open(resignation, subject());
    expect(opened.to).toBe('proposal');
    const steps = walk(resignation, opened.snapshot, [
      { type: 'SUBMIT', actor: actors.clerk, payload: letter },
      { type: 'SUBMIT', actor: actors.board, payload: { exchangedOn: '2026-03-05' } },
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(11, 10, 7, 3) },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'exchange',
      'vote.ballot',
      'decision',
      'resigned',
    ]);
    expect(steps[0]?.effects).toEqual([
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'exchange',
        amount: 10,
        unit: 'WORKING_DAY',
      }),
    ]);
    expect(steps[1]?.effects).toEqual([
      { type: 'cancelDeadline', name: 'exchange', reason: 'stateLeft' },
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'decision',
        amount: 10,
        scope: 'case',
      }),
    ]);
    expect(last(steps).effects).toEqual([
      { type: 'cancelDeadline', name: 'decision', reason: 'caseEnded' },
    ]);
  });

  it('lets the authority extend the decision deadline to 15 working days, once, with a reason', () => {
    const atVote = last(
      walk(resignation, open(resignation, subject()).snapshot, [
        { type: 'SUBMIT', actor: actors.clerk, payload: letter },
        { type: 'SUBMIT', actor: actors.board, payload: { exchangedOn: '2026-03-05' } },
      ]),
    );
    expect(
      send(resignation, atVote.snapshot, { type: 'EXTEND', actor: actors.authority }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    expect(
      send(resignation, atVote.snapshot, {
        type: 'EXTEND',
        actor: actors.clerk,
        payload: { reason: 'x' },
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const extended = send(resignation, atVote.snapshot, {
      type: 'EXTEND',
      actor: actors.authority,
      payload: { reason: 'Chờ kết luận của Ủy ban Kiểm tra' },
    });
    expect(extended.accepted && extended.effects).toEqual([
      { type: 'extendDeadline', name: 'decision', amount: 15, extensions: 1 },
    ]);
    if (!extended.accepted) return;
    expect(extended.to).toBe('vote.ballot');
    expect(
      send(resignation, extended.snapshot, {
        type: 'EXTEND',
        actor: actors.authority,
        payload: { reason: 'again' },
      }),
    ).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
    });
  });

  it('stops when the cadre withdraws the letter at the exchange (scenario 24)', () => {
    const [, withdrawn] = walk(resignation, open(resignation, subject()).snapshot, [
      { type: 'SUBMIT', actor: actors.clerk, payload: letter },
      { type: 'WITHDRAW', actor: actors.clerk, payload: { reason: 'Cán bộ rút đơn' } },
    ]);
    expect(withdrawn?.to).toBe('withdrawn');
  });

  it('refuses a cadre under inspection (scenario 25)', () => {
    const frozen = subject({ freezes: [{ kind: 'inspection', since: '2026-01-15' }] });
    const result = send(resignation, open(resignation, frozen).snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: letter,
    });
    expect(result).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
  });

  it('refuses a cadre holding a protected duty', () => {
    const result = send(resignation, open(resignation, subject({ protectedDuty: true })).snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: letter,
    });
    expect(result).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('routes a cadre with more than 2/3 low confidence to dismissal instead (scenario 26: 21 of 30)', () => {
    const low = subject({ lastConfidenceVote: { ballotsReturned: 30, low: 21 } });
    const result = send(resignation, open(resignation, low).snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { ...letter, ground: 'lowConfidence' },
    });
    expect(result).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'lowConfidence' },
    });
  });

  it('accepts a cadre with low confidence in the resignation band (16 of 30)', () => {
    const low = subject({ lastConfidenceVote: { ballotsReturned: 30, low: 16 } });
    const result = send(resignation, open(resignation, low).snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { ...letter, ground: 'lowConfidence' },
    });
    expect(result.accepted && result.to).toBe('exchange');
  });

  it('ends in notApproved when the vote fails on the total-members base', () => {
    const result = last(
      walk(resignation, open(resignation, subject()).snapshot, [
        { type: 'SUBMIT', actor: actors.clerk, payload: letter },
        { type: 'SUBMIT', actor: actors.board, payload: { exchangedOn: '2026-03-05' } },
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(15, 12, 7, 5) },
      ]),
    );
    expect(result.to).toBe('notApproved');
  });
});
