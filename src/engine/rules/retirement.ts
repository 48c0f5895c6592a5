/**
 * Statutory retirement under normal working conditions.
 *
 * Labour Code 2019 Art. 169(2) and Decree 135/2020/NĐ-CP Art. 4 with Annex I: from 2021 the age
 * rises from 60y3m (men) and 55y4m (women) by 3 months (men) / 4 months (women) a year until
 * 62 (men, 2028) and 60 (women, 2035). The age that applies is the one for the calendar year in
 * which the person reaches it. People who reached 60 (men) / 55 (women) before 2021 retired at
 * that age.
 *
 * Convention: `statutoryRetirementDate` returns the LAST DAY OF THE MONTH in which the age is
 * reached, because Decree 135/2020 sets the retirement moment at the end of the last day of that
 * month (thời điểm nghỉ hưu). The time left before retirement is counted up to that date;
 * `retirementAgeReachedOn` gives the birthday itself.
 */
import {
  addMonths,
  endOfMonth,
  parseCivilDate,
  type CivilDate,
  type YearsAndMonths,
  toYearsAndMonths,
} from '../calendar/civil-date.js';

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

interface Roadmap {
  /** Age in months for those reaching it before the first roadmap year. */
  readonly before: number;
  /** Age in months in `firstYear`, then `stepMonths` more each year up to `finalAge`. */
  readonly firstYear: number;
  readonly firstAge: number;
  readonly stepMonths: number;
  readonly finalAge: number;
}

// Labour Code 2019 Art. 169(2): men 60y3m in 2021, +3 months a year to 62; women 55y4m, +4 to 60.
const ROADMAPS: Readonly<Record<Gender, Roadmap>> = {
  male: {
    before: 60 * 12,
    firstYear: 2021,
    firstAge: 60 * 12 + 3,
    stepMonths: 3,
    finalAge: 62 * 12,
  },
  female: {
    before: 55 * 12,
    firstYear: 2021,
    firstAge: 55 * 12 + 4,
    stepMonths: 4,
    finalAge: 60 * 12,
  },
};

function roadmapAge(roadmap: Roadmap, year: number): number {
  if (year < roadmap.firstYear) return roadmap.before;
  return Math.min(
    roadmap.firstAge + (year - roadmap.firstYear) * roadmap.stepMonths,
    roadmap.finalAge,
  );
}

/** The statutory retirement age (years and months) that applies to a person born on `dateOfBirth`. */
export function statutoryRetirementAge(gender: Gender, dateOfBirth: CivilDate): YearsAndMonths {
  return toYearsAndMonths(retirementAgeInMonths(gender, dateOfBirth));
}

function retirementAgeInMonths(gender: Gender, dateOfBirth: CivilDate): number {
  const roadmap = ROADMAPS[gender];
  parseCivilDate(dateOfBirth); // throws on a malformed date
  if (parseCivilDate(addMonths(dateOfBirth, roadmap.before)).year < roadmap.firstYear) {
    return roadmap.before;
  }
  // Reaching age(Y) never happens before year Y once the person was still working on 1 January
  // of Y, so walk the years until the age of year Y is reached within Y itself.
  for (let year = roadmap.firstYear; ; year += 1) {
    const age = roadmapAge(roadmap, year);
    if (parseCivilDate(addMonths(dateOfBirth, age)).year <= year) return age;
  }
}

/** The day the person reaches the statutory retirement age. */
export function retirementAgeReachedOn(gender: Gender, dateOfBirth: CivilDate): CivilDate {
  return addMonths(dateOfBirth, retirementAgeInMonths(gender, dateOfBirth));
}

/**
 * The statutory retirement date: the last day of the month in which the retirement age is
 * reached (Decree 135/2020: retirement takes effect at the end of that day).
 * Man born 1961-01-15 → 60y3m → 2021-04-30; woman born 1966-01-15 → 55y4m → 2021-05-31.
 */
export function statutoryRetirementDate(gender: Gender, dateOfBirth: CivilDate): CivilDate {
  return endOfMonth(retirementAgeReachedOn(gender, dateOfBirth));
}
