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

const rotation = builtin('rotation');

function subject(overrides: { cadre?: Record<string, unknown>; plannedMonths?: number } = {}) {
  return {
    cadre: cadre({ id: 'r1', dateOfBirth: '1985-06-15', ...(overrides.cadre ?? {}) }),
    fromUnit: 'Sở Tài chính',
    toUnit: 'UBND huyện Y',
    toPosition: 'Phó Chủ tịch UBND huyện',
    plannedMonths: overrides.plannedMonths ?? 36,
  };
}

const decision = { decisionNumber: '77/QĐ-TU', signedOn: '2026-04-01', effectiveOn: '2026-04-15' };

describe('rotation workflow', () => {
  it('walks proposal → consultation → vetting → vote → decision → inRotation → completed', () => {
    const opened = open(rotation, subject());
    expect(opened.to).toBe('proposal');
    const steps = walk(rotation, opened.snapshot, [
      { type: 'SUBMIT', actor: actors.clerk },
      {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: { from: 'sendingUnit', agrees: true },
      },
      {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: { from: 'receivingUnit', agrees: false, note: 'Chưa bố trí được nhà ở' },
      },
      { type: 'APPROVE', actor: actors.board },
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(15, 13, 8, 5) },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
      { type: 'END_ROTATION', actor: actors.authority, payload: { placement: 'retain' } },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'consultation',
      'consultation',
      'vetting.review',
      'vote.ballot',
      'decision',
      'inRotation',
      'completed',
    ]);
    // A disagreement does not block; it travels with the case.
    expect(steps[2]?.snapshot.context.facts['opinions']).toMatchObject({
      receivingUnit: { agrees: false },
    });
    expect(steps[5]?.snapshot.context.facts['rotationDueOn']).toBe('2029-04-15');
    expect(last(steps).status).toBe('completed');
  });

  it('refuses the same unit’s opinion twice', () => {
    const [first] = walk(
      rotation,
      open(rotation, subject()).snapshot,
      [
        { type: 'SUBMIT', actor: actors.clerk },
        {
          type: 'RECORD_OPINION',
          actor: actors.clerk,
          payload: { from: 'sendingUnit', agrees: true },
        },
      ].slice(0, 2),
    );
    const second = walk(rotation, first!.snapshot, [
      {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: { from: 'sendingUnit', agrees: true },
      },
    ]);
    expect(
      send(rotation, second[0]!.snapshot, {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: { from: 'sendingUnit', agrees: false },
      }),
    ).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
    });
  });

  describe('scenario 32: years of work left before retirement (≥ 10)', () => {
    // A man born 1968-05-01 retires at 62 in 2030: about 4 years left in 2026.
    const old = subject({ cadre: { dateOfBirth: '1968-05-01' } });
    it('refuses a cadre with fewer than 10 years left', () => {
      const result = send(rotation, open(rotation, old).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
      });
      expect(result).toMatchObject({
        accepted: false,
        code: 'RULE_NOT_SATISFIED',
        details: { rule: 'eligibility' },
      });
    });
    it('accepts the same cadre with an exception of the competent authority, recorded in the outcome', () => {
      const result = send(rotation, open(rotation, old).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { exceptionRef: '12-QĐ/TU' },
      });
      expect(result.accepted && result.to).toBe('consultation');
      expect(result.accepted && JSON.stringify(result.evaluations)).toContain('12-QĐ/TU');
    });
  });

  describe('scenario 33: planned duration (≥ 36 months)', () => {
    it('refuses a 24-month rotation', () => {
      const result = send(rotation, open(rotation, subject({ plannedMonths: 24 })).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
      });
      expect(result).toMatchObject({
        accepted: false,
        code: 'RULE_NOT_SATISFIED',
        details: { rule: 'atLeast' },
      });
    });
    it('accepts it with an exception', () => {
      const result = send(rotation, open(rotation, subject({ plannedMonths: 24 })).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { exceptionRef: '15-QĐ/TU' },
      });
      expect(result.accepted && result.to).toBe('consultation');
    });
  });

  it('refuses a cadre who is not in planning', () => {
    const result = send(
      rotation,
      open(rotation, subject({ cadre: { inPlanning: false } })).snapshot,
      { type: 'SUBMIT', actor: actors.clerk },
    );
    expect(result).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('refuses WITHDRAW once the cadre is in rotation', () => {
    const inRotation = last(
      walk(rotation, open(rotation, subject()).snapshot, [
        { type: 'SUBMIT', actor: actors.clerk },
        {
          type: 'RECORD_OPINION',
          actor: actors.clerk,
          payload: { from: 'sendingUnit', agrees: true },
        },
        {
          type: 'RECORD_OPINION',
          actor: actors.clerk,
          payload: { from: 'receivingUnit', agrees: true },
        },
        { type: 'APPROVE', actor: actors.board },
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(15, 13, 8, 5) },
        { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
      ]),
    );
    expect(inRotation.to).toBe('inRotation');
    expect(
      send(rotation, inRotation.snapshot, {
        type: 'WITHDRAW',
        actor: actors.clerk,
        payload: { reason: 'x' },
      }),
    ).toMatchObject({
      accepted: false,
      code: 'EVENT_NOT_ALLOWED',
    });
  });
});
