import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  computeDeadlineBefore,
  isWorkingDay,
  nextWorkingDay,
  VIETNAM_CALENDAR,
  workingDaysBetween,
} from '../../../src/engine/index.js';

const termEnds = fc
  .integer({ min: 0, max: 365 * 4 })
  .map((offset) => addDays('2025-06-01', offset));

describe('the reappointment notice counted back (computeDeadlineBefore)', () => {
  it('QĐ 377: a working day with at least 90 working days to the term end, and the next one has fewer', () => {
    fc.assert(
      fc.property(termEnds, (end) => {
        const { dueOn } = computeDeadlineBefore(end, 90, 'WORKING_DAY', VIETNAM_CALENDAR);
        expect(isWorkingDay(dueOn, VIETNAM_CALENDAR)).toBe(true);
        expect(workingDaysBetween(dueOn, end, VIETNAM_CALENDAR)).toBeGreaterThanOrEqual(90);
        const next = nextWorkingDay(dueOn, VIETNAM_CALENDAR);
        expect(workingDaysBetween(next, end, VIETNAM_CALENDAR)).toBeLessThan(90);
      }),
      { numRuns: 200 },
    );
  });

  it('NĐ 170: a working day at least 90 calendar days before the term end, at most 90 + a holiday block', () => {
    fc.assert(
      fc.property(termEnds, (end) => {
        const { dueOn } = computeDeadlineBefore(end, 90, 'DAY', VIETNAM_CALENDAR);
        expect(isWorkingDay(dueOn, VIETNAM_CALENDAR)).toBe(true);
        const days = workingDaysBetween(dueOn, end, VIETNAM_CALENDAR);
        expect(days).toBeGreaterThan(0);
        expect(addDays(dueOn, 90) <= end).toBe(true);
        expect(addDays(dueOn, 90 + 12) > end).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
