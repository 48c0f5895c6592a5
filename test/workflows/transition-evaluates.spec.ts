import { describe, expect, it } from '@jest/globals';
import { transitionEvaluates } from '../../src/engine/index.js';
import { actors, builtin, cadre, last, open, walk } from '../support/engine-fixtures.js';

// The shell reads the cadre registry only for a transition whose eligibility rule reads it:
// transitionEvaluates says which one that is, from the definition alone.
describe('transitionEvaluates', () => {
  const appointment = builtin('appointment');
  const opened = open(appointment, {
    position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
    candidates: [cadre({ id: 'c1' }), cadre({ id: 'c2', fullName: 'Trần Thị B' })],
  });

  it('is false where no eligibility rule runs, true at the eligibility step', () => {
    expect(transitionEvaluates(appointment, opened.snapshot, 'SUBMIT', 'eligibility')).toBe(false);
    const atEligibility = last(
      walk(appointment, opened.snapshot, [
        {
          type: 'SUBMIT',
          actor: actors.clerk,
          payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
        },
        { type: 'APPROVE', actor: actors.authority },
      ]),
    );
    expect(atEligibility.to).toBe('proposal.eligibility');
    expect(transitionEvaluates(appointment, atEligibility.snapshot, 'SUBMIT', 'eligibility')).toBe(
      true,
    );
    expect(
      transitionEvaluates(appointment, atEligibility.snapshot, 'WITHDRAW', 'eligibility'),
    ).toBe(false);
  });

  it('is false for an event the state does not take, or a name that is no event', () => {
    for (const type of ['RECORD_VOTE', 'NO_SUCH_EVENT', '__proto__', 'constructor']) {
      expect(transitionEvaluates(appointment, opened.snapshot, type, 'eligibility')).toBe(false);
    }
  });
});
