import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compareDates, endOfMonth } from '../../../src/engine/calendar/civil-date.js';
import {
  retirementAgeReachedOn,
  statutoryRetirementAge,
  statutoryRetirementDate,
  type Gender,
} from '../../../src/engine/rules/retirement.js';

describe('statutory retirement (Labour Code 2019 Art. 169, Decree 135/2020 Annex I)', () => {
  // [gender, born, age applicable, month of retirement]
  it.each<[Gender, string, [number, number], string]>([
    // before the roadmap: 60 / 55
    ['male', '1960-12-05', [60, 0], '2020-12-31'],
    ['female', '1965-12-05', [55, 0], '2020-12-31'],
    // men: 60y3m in 2021, +3 months a year to 62 in 2028
    ['male', '1961-01-20', [60, 3], '2021-04-30'],
    ['male', '1961-09-01', [60, 3], '2021-12-31'],
    ['male', '1961-10-01', [60, 6], '2022-04-30'],
    ['male', '1962-06-15', [60, 6], '2022-12-31'],
    ['male', '1962-07-15', [60, 9], '2023-04-30'],
    ['male', '1963-04-15', [61, 0], '2024-04-30'],
    ['male', '1964-01-15', [61, 3], '2025-04-30'],
    ['male', '1966-03-15', [61, 9], '2027-12-31'],
    ['male', '1966-04-15', [62, 0], '2028-04-30'],
    ['male', '1980-07-01', [62, 0], '2042-07-31'],
    // women: 55y4m in 2021, +4 months a year to 60 in 2035
    ['female', '1966-01-20', [55, 4], '2021-05-31'],
    ['female', '1966-08-31', [55, 4], '2021-12-31'],
    ['female', '1966-09-01', [55, 8], '2022-05-31'],
    ['female', '1967-05-01', [56, 0], '2023-05-31'],
    ['female', '1975-01-10', [59, 8], '2034-09-30'],
    ['female', '1975-05-10', [60, 0], '2035-05-31'],
    ['female', '1985-06-30', [60, 0], '2045-06-30'],
  ])('%s born %s retires at %p, on %s', (gender, born, [years, months], retires) => {
    expect(statutoryRetirementAge(gender, born)).toEqual({ years, months });
    expect(statutoryRetirementDate(gender, born)).toBe(retires);
  });

  it('clamps a 29 February birthday', () => {
    expect(retirementAgeReachedOn('male', '1968-02-29')).toBe('2030-02-28');
    expect(statutoryRetirementDate('male', '1968-02-29')).toBe('2030-02-28');
  });

  it('returns the end of the month in which the age is reached', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Gender>('male', 'female'),
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2005-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (gender, born) => {
          const dateOfBirth = born.toISOString().slice(0, 10);
          const reached = retirementAgeReachedOn(gender, dateOfBirth);
          expect(statutoryRetirementDate(gender, dateOfBirth)).toBe(endOfMonth(reached));
          // the age applicable is that of the calendar year in which it is reached
          const { years, months } = statutoryRetirementAge(gender, dateOfBirth);
          const year = Number(reached.slice(0, 4));
          const expected =
            gender === 'male'
              ? year < 2021
                ? 720
                : Math.min(723 + (year - 2021) * 3, 744)
              : year < 2021
                ? 660
                : Math.min(664 + (year - 2021) * 4, 720);
          expect(years * 12 + months).toBe(expected);
        },
      ),
    );
  });

  it('never retires a younger person earlier', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Gender>('male', 'female'),
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2005-12-30T00:00:00Z'),
          noInvalidDate: true,
        }),
        (gender, born) => {
          const older = born.toISOString().slice(0, 10);
          const younger = new Date(born.getTime() + 86_400_000).toISOString().slice(0, 10);
          expect(
            compareDates(
              retirementAgeReachedOn(gender, older),
              retirementAgeReachedOn(gender, younger),
            ),
          ).toBeLessThanOrEqual(0);
        },
      ),
    );
  });
});
