/**
 * The working-day calendar as data: per year, the public holidays, the extra days off and the
 * Saturdays worked, each year with the texts that announced it. `vietnam-calendar-data.ts` is the
 * Vietnamese civil-service calendar in this format; an admin may upload a year in it.
 *
 * `parseCalendarData` / `parseCalendarYear` check untrusted input and report every problem with
 * its path, so a bad upload is refused whole and never half-applied.
 */
import { isCivilDate, parseCivilDate, type CivilDate } from './civil-date.js';
import type { LocalizedText } from '../definition/workflow-definition.js';

/** ISO 8601 weekday: Monday = 1 … Saturday = 6, Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** The public holidays of Labour Code 2019 Art. 112(1), plus Vietnamese Culture Day. */
export type HolidayKind =
  | 'NEW_YEAR' // Tết Dương lịch, 1/1 — Art. 112(1)(a)
  | 'LUNAR_NEW_YEAR' // Tết Âm lịch, 5 days the Prime Minister fixes — Art. 112(1)(b), 112(3)
  | 'VICTORY_DAY' // Ngày Chiến thắng, 30/4 — Art. 112(1)(c)
  | 'LABOUR_DAY' // Ngày Quốc tế Lao động, 1/5 — Art. 112(1)(d)
  | 'NATIONAL_DAY' // Quốc khánh, 2/9 and 1/9 or 3/9 — Art. 112(1)(đ), 112(3)
  | 'HUNG_KINGS' // Giỗ Tổ Hùng Vương, 10/3 âm lịch — Art. 112(1)(e)
  | 'CULTURE_DAY' // Ngày Văn hóa Việt Nam, 24/11 — Nghị quyết 28/2026/QH16 Art. 2, from 1/7/2026
  | 'OTHER'; // a one-off day off the government declares

export const HOLIDAY_KINDS: readonly HolidayKind[] = [
  'NEW_YEAR',
  'LUNAR_NEW_YEAR',
  'VICTORY_DAY',
  'LABOUR_DAY',
  'NATIONAL_DAY',
  'HUNG_KINGS',
  'CULTURE_DAY',
  'OTHER',
];

export interface HolidayData {
  readonly date: CivilDate;
  readonly kind: HolidayKind;
  readonly name: LocalizedText;
  /** For days set by the lunar calendar, the lunar date as the notice writes it ("29/12 Ất Tỵ"). */
  readonly lunar?: string;
}

/**
 * `COMPENSATORY` (nghỉ bù): a holiday fell on a weekly rest day and is made up on the next working
 * day (Labour Code 2019 Art. 111(3)). `SWAP` (hoán đổi): a weekday given off in exchange for a
 * Saturday worked, as the government decides for civil servants to join a holiday to a weekend.
 */
export type DayOffReason = 'COMPENSATORY' | 'SWAP';

export interface DayOffData {
  readonly date: CivilDate;
  readonly reason: DayOffReason;
  readonly name: LocalizedText;
  /** COMPENSATORY: the holiday, on a weekly rest day, that this day makes up for. */
  readonly compensates?: CivilDate;
  /** SWAP: the Saturday worked in its place (làm bù). */
  readonly workedOn?: CivilDate;
}

/** A weekly rest day worked to make up for a swapped day off (ngày làm bù). */
export interface MakeUpWorkingDayData {
  readonly date: CivilDate;
  readonly name: LocalizedText;
  /** The weekday given off in exchange. */
  readonly replaces: CivilDate;
}

/** The text that fixed a year's days: a notice, an official letter, a law. */
export interface CalendarSource {
  /** Number and kind of the text, e.g. "Thông báo 6150/TB-BLĐTBXH". */
  readonly reference: string;
  readonly issuer: string;
  readonly issuedOn?: CivilDate;
  /** What it decided, in a sentence. */
  readonly covers: string;
  readonly url?: string;
}

export interface CalendarYearData {
  /**
   * `false`: the days are the ones the sources announced. `true`: computed by the standing rules
   * (see `generateProvisionalYear`) before the year's notices exist — replace the year when they
   * are published.
   */
  readonly provisional: boolean;
  readonly sources: readonly CalendarSource[];
  /** Every holiday, including those that fall on a weekly rest day. */
  readonly holidays: readonly HolidayData[];
  /** Weekdays off that are not holidays: compensatory days and swapped days. */
  readonly daysOff: readonly DayOffData[];
  readonly makeUpWorkingDays: readonly MakeUpWorkingDayData[];
  readonly notes?: readonly string[];
}

export interface CalendarData {
  readonly id: string;
  readonly title: LocalizedText;
  readonly description?: string;
  /** Weekly rest days as ISO weekdays: `[6, 7]` is Saturday and Sunday. */
  readonly weekend: readonly IsoWeekday[];
  /** Keyed by the year, `"2025"`. A year that is absent is not covered: dates in it are refused. */
  readonly years: Readonly<Record<string, CalendarYearData>>;
}

export interface CalendarProblem {
  /** Where, as a JSON path: `years.2025.daysOff[0].date`. */
  readonly path: string;
  readonly message: string;
}

export class CalendarDataError extends Error {
  constructor(readonly problems: readonly CalendarProblem[]) {
    super(
      `invalid working-day calendar: ${problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
    this.name = 'CalendarDataError';
  }
}

/** The ISO weekday of a civil date (Monday = 1 … Sunday = 7). */
export function isoWeekday(date: CivilDate): IsoWeekday {
  const { year, month, day } = parseCivilDate(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return (((utc.getUTCDay() + 6) % 7) + 1) as IsoWeekday;
}

type Problems = CalendarProblem[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(
  value: Record<string, unknown>,
  path: string,
  required: readonly string[],
  optional: readonly string[],
  problems: Problems,
): void {
  for (const key of required) {
    if (!(key in value)) problems.push({ path, message: `"${key}" is required` });
  }
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) {
      problems.push({ path: `${path}.${key}`, message: 'is not a known property' });
    }
  }
}

function checkString(value: unknown, path: string, problems: Problems): void {
  if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
    problems.push({ path, message: 'must be a non-empty string' });
  }
}

function checkLocalized(value: unknown, path: string, problems: Problems): void {
  if (!isRecord(value)) {
    problems.push({ path, message: 'must be an object { vi, en }' });
    return;
  }
  checkKeys(value, path, ['vi', 'en'], [], problems);
  checkString(value.vi, `${path}.vi`, problems);
  checkString(value.en, `${path}.en`, problems);
}

function checkDate(
  value: unknown,
  path: string,
  problems: Problems,
  year?: number,
): value is CivilDate {
  if (!isCivilDate(value)) {
    problems.push({ path, message: 'must be a calendar date YYYY-MM-DD' });
    return false;
  }
  if (year !== undefined && parseCivilDate(value).year !== year) {
    problems.push({ path, message: `${value} is not in ${year}` });
    return false;
  }
  return true;
}

function checkArray(value: unknown, path: string, problems: Problems): readonly unknown[] {
  if (!Array.isArray(value)) {
    if (value !== undefined) problems.push({ path, message: 'must be an array' });
    return [];
  }
  return value as unknown[];
}

function yearProblems(
  year: number,
  value: unknown,
  weekend: ReadonlySet<number>,
  path: string,
): Problems {
  const problems: Problems = [];
  if (!isRecord(value)) return [{ path, message: 'must be an object' }];
  checkKeys(
    value,
    path,
    ['provisional', 'sources', 'holidays', 'daysOff', 'makeUpWorkingDays'],
    ['notes'],
    problems,
  );
  if (typeof value.provisional !== 'boolean') {
    problems.push({ path: `${path}.provisional`, message: 'must be true or false' });
  }
  const sources = checkArray(value.sources, `${path}.sources`, problems);
  if (Array.isArray(value.sources) && sources.length === 0) {
    // Every year says where its days come from, announced or computed.
    problems.push({ path: `${path}.sources`, message: 'must name at least one source' });
  }
  sources.forEach((source, index) => {
    const at = `${path}.sources[${index}]`;
    if (!isRecord(source)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    checkKeys(source, at, ['reference', 'issuer', 'covers'], ['issuedOn', 'url'], problems);
    checkString(source.reference, `${at}.reference`, problems);
    checkString(source.issuer, `${at}.issuer`, problems);
    checkString(source.covers, `${at}.covers`, problems);
    checkString(source.url, `${at}.url`, problems);
    if (source.issuedOn !== undefined) checkDate(source.issuedOn, `${at}.issuedOn`, problems);
  });
  checkArray(value.notes, `${path}.notes`, problems).forEach((note, index) =>
    checkString(note, `${path}.notes[${index}]`, problems),
  );

  const seen = new Map<CivilDate, string>();
  const claim = (date: CivilDate, at: string): void => {
    const previous = seen.get(date);
    if (previous) problems.push({ path: at, message: `${date} is already listed at ${previous}` });
    else seen.set(date, at);
  };
  const weekendHolidays = new Set<CivilDate>();
  checkArray(value.holidays, `${path}.holidays`, problems).forEach((holiday, index) => {
    const at = `${path}.holidays[${index}]`;
    if (!isRecord(holiday)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    checkKeys(holiday, at, ['date', 'kind', 'name'], ['lunar'], problems);
    checkLocalized(holiday.name, `${at}.name`, problems);
    checkString(holiday.lunar, `${at}.lunar`, problems);
    if (!HOLIDAY_KINDS.includes(holiday.kind as HolidayKind)) {
      problems.push({ path: `${at}.kind`, message: `must be one of ${HOLIDAY_KINDS.join(', ')}` });
    }
    if (checkDate(holiday.date, `${at}.date`, problems, year)) {
      claim(holiday.date, at);
      if (weekend.has(isoWeekday(holiday.date))) weekendHolidays.add(holiday.date);
    }
  });

  const makeUps = new Map<CivilDate, unknown>();
  checkArray(value.makeUpWorkingDays, `${path}.makeUpWorkingDays`, problems).forEach(
    (makeUp, index) => {
      const at = `${path}.makeUpWorkingDays[${index}]`;
      if (!isRecord(makeUp)) {
        problems.push({ path: at, message: 'must be an object' });
        return;
      }
      checkKeys(makeUp, at, ['date', 'name', 'replaces'], [], problems);
      checkLocalized(makeUp.name, `${at}.name`, problems);
      checkDate(makeUp.replaces, `${at}.replaces`, problems);
      if (checkDate(makeUp.date, `${at}.date`, problems, year)) {
        claim(makeUp.date, at);
        if (!weekend.has(isoWeekday(makeUp.date))) {
          problems.push({
            path: `${at}.date`,
            message: `${makeUp.date} is not a weekly rest day: it is worked anyway`,
          });
        }
        makeUps.set(makeUp.date, makeUp.replaces);
      }
    },
  );

  const compensated = new Set<CivilDate>();
  const swapped = new Map<CivilDate, unknown>();
  checkArray(value.daysOff, `${path}.daysOff`, problems).forEach((dayOff, index) => {
    const at = `${path}.daysOff[${index}]`;
    if (!isRecord(dayOff)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    const reason = dayOff.reason;
    if (reason === 'COMPENSATORY') {
      checkKeys(dayOff, at, ['date', 'reason', 'name', 'compensates'], [], problems);
      if (checkDate(dayOff.compensates, `${at}.compensates`, problems, year)) {
        if (!weekendHolidays.has(dayOff.compensates)) {
          problems.push({
            path: `${at}.compensates`,
            message: `${dayOff.compensates} is not a listed holiday on a weekly rest day`,
          });
        } else if (compensated.has(dayOff.compensates)) {
          problems.push({
            path: `${at}.compensates`,
            message: `${dayOff.compensates} is already compensated`,
          });
        }
        compensated.add(dayOff.compensates);
      }
    } else if (reason === 'SWAP') {
      checkKeys(dayOff, at, ['date', 'reason', 'name', 'workedOn'], [], problems);
      checkDate(dayOff.workedOn, `${at}.workedOn`, problems);
    } else {
      problems.push({ path: `${at}.reason`, message: 'must be COMPENSATORY or SWAP' });
    }
    checkLocalized(dayOff.name, `${at}.name`, problems);
    if (checkDate(dayOff.date, `${at}.date`, problems, year)) {
      claim(dayOff.date, at);
      if (weekend.has(isoWeekday(dayOff.date))) {
        problems.push({
          path: `${at}.date`,
          message: `${dayOff.date} is a weekly rest day already`,
        });
      }
      if (reason === 'SWAP') swapped.set(dayOff.date, dayOff.workedOn);
    }
  });

  // A swap is two entries that name each other; within one year both must be present.
  for (const [date, workedOn] of swapped) {
    if (
      isCivilDate(workedOn) &&
      parseCivilDate(workedOn).year === year &&
      makeUps.get(workedOn) !== date
    ) {
      problems.push({
        path: `${path}.daysOff`,
        message: `the swapped day off ${date} names ${workedOn}, which is not a make-up working day replacing it`,
      });
    }
  }
  for (const [date, replaces] of makeUps) {
    if (
      isCivilDate(replaces) &&
      parseCivilDate(replaces).year === year &&
      swapped.get(replaces) !== date
    ) {
      problems.push({
        path: `${path}.makeUpWorkingDays`,
        message: `the make-up working day ${date} replaces ${replaces}, which is not a swapped day off worked on ${date}`,
      });
    }
  }
  return problems;
}

function weekendProblems(value: unknown): Problems {
  if (
    !Array.isArray(value) ||
    value.some((day) => !Number.isInteger(day) || (day as number) < 1 || (day as number) > 7) ||
    new Set(value).size !== value.length ||
    value.length > 6
  ) {
    return [
      {
        path: 'weekend',
        message: 'must list distinct ISO weekdays 1–7 (6 = Saturday, 7 = Sunday), not all seven',
      },
    ];
  }
  return [];
}

const YEAR_KEY = /^\d{4}$/;

/**
 * Checks one year of a calendar, for an admin upload: `year` is the year it is for, `weekend` the
 * calendar's weekly rest days. Throws a CalendarDataError listing every problem.
 */
export function parseCalendarYear(
  year: number,
  value: unknown,
  weekend: readonly IsoWeekday[] = [6, 7],
): CalendarYearData {
  const problems = [
    ...weekendProblems(weekend),
    ...(Number.isInteger(year) && year >= 1 && year <= 9999
      ? yearProblems(year, value, new Set(weekend), `years.${year}`)
      : [{ path: 'year', message: 'must be a year 0001–9999' }]),
  ];
  if (problems.length > 0) throw new CalendarDataError(problems);
  return value as CalendarYearData;
}

/** Checks a whole calendar document. Throws a CalendarDataError listing every problem. */
export function parseCalendarData(value: unknown): CalendarData {
  const problems: Problems = [];
  if (!isRecord(value))
    throw new CalendarDataError([{ path: '(root)', message: 'must be an object' }]);
  checkKeys(
    value,
    '(root)',
    ['id', 'title', 'weekend', 'years'],
    ['description', '$comment'],
    problems,
  );
  checkString(value.id, 'id', problems);
  checkLocalized(value.title, 'title', problems);
  checkString(value.description, 'description', problems);
  const weekendIssues = weekendProblems(value.weekend);
  problems.push(...weekendIssues);
  if (!isRecord(value.years)) {
    problems.push({ path: 'years', message: 'must be an object keyed by year' });
  } else {
    // With an invalid weekend, the years are still checked, against Saturday and Sunday.
    const weekendDays = new Set(weekendIssues.length === 0 ? (value.weekend as number[]) : [6, 7]);
    for (const [key, year] of Object.entries(value.years)) {
      if (!YEAR_KEY.test(key) || Number(key) < 1) {
        problems.push({ path: `years.${key}`, message: 'must be keyed by a four-digit year' });
        continue;
      }
      problems.push(...yearProblems(Number(key), year, weekendDays, `years.${key}`));
    }
  }
  if (problems.length > 0) throw new CalendarDataError(problems);
  return value as unknown as CalendarData;
}
