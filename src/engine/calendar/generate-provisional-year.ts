/**
 * Computes a year of the Vietnamese civil-service calendar by the standing rules, for years whose
 * notices the government has not issued yet. The result is marked `provisional: true`; replace it
 * with what is announced (the Prime Minister fixes the Tết days and the second National Day day
 * each year, Labour Code 2019 Art. 112(3), and may swap working days for civil servants).
 *
 * The rules:
 * - Holidays of Labour Code 2019 (45/2019/QH14) Art. 112(1): 1/1; Tết Âm lịch, 5 days, taken as the
 *   last day of the old lunar year and the first four of the new one (as in 2026, Thông báo
 *   9441/TB-BNV); 10/3 âm lịch; 30/4; 1/5; 2/9 and one adjacent day (see `nationalDayAdjacent`).
 * - Ngày Văn hóa Việt Nam, 24/11, from 2026 (Nghị quyết 28/2026/QH16 Art. 2, in force 1/7/2026).
 * - Art. 111(3): a weekly rest day that coincides with an Art. 112(1) holiday is made up on the next
 *   working day. Culture Day is not in Art. 112(1), so it is not made up when it falls on a weekend.
 * - No swaps (hoán đổi / làm bù): they are decided case by case and are not predictable.
 *
 * Lunar dates come from `vietnamese-lunar.ts` (Hồ Ngọc Đức's algorithm, UTC+7).
 */
import { addDays, parseCivilDate, type CivilDate } from './civil-date.js';
import {
  isoWeekday,
  type CalendarYearData,
  type DayOffData,
  type HolidayData,
  type HolidayKind,
} from './calendar-data.js';
import {
  formatLunarDate,
  hungKingsCommemoration,
  lunarNewYear,
  solarToLunar,
} from './vietnamese-lunar.js';
import type { LocalizedText } from '../definition/workflow-definition.js';

/** The first year with Vietnamese Culture Day (Nghị quyết 28/2026/QH16, in force 1/7/2026). */
export const CULTURE_DAY_FIRST_YEAR = 2026;

const NAMES: Readonly<Record<Exclude<HolidayKind, 'OTHER'>, LocalizedText>> = {
  NEW_YEAR: { vi: 'Tết Dương lịch', en: "New Year's Day" },
  LUNAR_NEW_YEAR: { vi: 'Tết Nguyên đán', en: 'Lunar New Year (Tết)' },
  VICTORY_DAY: { vi: 'Ngày Chiến thắng', en: 'Victory Day (Reunification Day)' },
  LABOUR_DAY: { vi: 'Ngày Quốc tế Lao động', en: 'International Labour Day' },
  NATIONAL_DAY: { vi: 'Quốc khánh', en: 'National Day' },
  HUNG_KINGS: { vi: 'Giỗ Tổ Hùng Vương', en: "Hùng Kings' Commemoration Day" },
  CULTURE_DAY: { vi: 'Ngày Văn hóa Việt Nam', en: 'Vietnamese Culture Day' },
};

const WEEKEND = new Set([6, 7]);

/** The name of a holiday of `kind`; the second National Day day is named as such. */
export function holidayName(kind: Exclude<HolidayKind, 'OTHER'>, adjacent = false): LocalizedText {
  const name = NAMES[kind];
  return adjacent ? { vi: `${name.vi} (ngày liền kề)`, en: `${name.en} (adjacent day)` } : name;
}

/** The name of a compensatory day off for `holiday`. */
export function compensatoryDayName(holiday: LocalizedText): LocalizedText {
  return { vi: `Nghỉ bù ${holiday.vi}`, en: `Day off in lieu of ${holiday.en}` };
}

/**
 * The second National Day holiday (Art. 112(1)(đ): 2/9 "và 01 ngày liền kề trước hoặc sau"),
 * chosen as the notices of 2021–2026 did: the adjacent weekday that joins 2/9 to a weekend.
 * 2/9 on Monday → 3/9 (2024); Tuesday → 1/9 (2025); Wednesday → 1/9 (2026); Thursday → 3/9 (2021);
 * Friday → 1/9 (2022); Saturday → 1/9 (2023); Sunday → 3/9.
 */
export function nationalDayAdjacent(year: number): CivilDate {
  const nationalDay = `${year}-09-02`;
  const weekday = isoWeekday(nationalDay);
  return weekday === 1 || weekday === 4 || weekday === 7 ? `${year}-09-03` : `${year}-09-01`;
}

/** The five Tết days by the usual rule: the last day of the old lunar year and mùng 1–4. */
export function lunarNewYearDays(year: number): CivilDate[] {
  const first = lunarNewYear(year);
  return [-1, 0, 1, 2, 3].map((offset) => addDays(first, offset));
}

function holiday(
  date: CivilDate,
  kind: Exclude<HolidayKind, 'OTHER'>,
  adjacent = false,
): HolidayData {
  const lunar =
    kind === 'LUNAR_NEW_YEAR' || kind === 'HUNG_KINGS'
      ? formatLunarDate(solarToLunar(date))
      : undefined;
  return { date, kind, name: holidayName(kind, adjacent), ...(lunar ? { lunar } : {}) };
}

/** Compensatory days (Art. 111(3)) for the Art. 112(1) holidays that fall on a weekly rest day. */
export function compensatoryDays(holidays: readonly HolidayData[]): DayOffData[] {
  const taken = new Set(holidays.map((entry) => entry.date));
  const days: DayOffData[] = [];
  for (const entry of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (
      entry.kind === 'CULTURE_DAY' ||
      entry.kind === 'OTHER' ||
      !WEEKEND.has(isoWeekday(entry.date))
    )
      continue;
    // "the next working day": after the holiday block, past weekends and days already off.
    let day = addDays(entry.date, 1);
    while (WEEKEND.has(isoWeekday(day)) || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    days.push({
      date: day,
      reason: 'COMPENSATORY',
      name: compensatoryDayName(entry.name),
      compensates: entry.date,
    });
  }
  return days;
}

/** A year of the calendar computed by the standing rules, marked provisional. */
export function generateProvisionalYear(year: number): CalendarYearData {
  if (!Number.isInteger(year) || year < 1900 || year > 2199) {
    throw new RangeError(
      `Cannot compute the calendar of ${year}: the lunar algorithm is kept to 1900–2199`,
    );
  }
  const holidays: HolidayData[] = [
    holiday(`${year}-01-01`, 'NEW_YEAR'),
    ...lunarNewYearDays(year).map((date) => holiday(date, 'LUNAR_NEW_YEAR')),
    holiday(hungKingsCommemoration(year), 'HUNG_KINGS'),
    holiday(`${year}-04-30`, 'VICTORY_DAY'),
    holiday(`${year}-05-01`, 'LABOUR_DAY'),
    holiday(`${year}-09-02`, 'NATIONAL_DAY'),
    holiday(nationalDayAdjacent(year), 'NATIONAL_DAY', true),
    ...(year >= CULTURE_DAY_FIRST_YEAR ? [holiday(`${year}-11-24`, 'CULTURE_DAY')] : []),
  ].sort((a, b) => a.date.localeCompare(b.date));
  const daysOff = compensatoryDays(holidays);
  for (const day of daysOff) {
    if (parseCivilDate(day.date).year !== year) {
      throw new RangeError(`The compensatory day ${day.date} falls outside ${year}`);
    }
  }
  return {
    provisional: true,
    sources: [
      {
        reference: 'Bộ luật Lao động 45/2019/QH14, Điều 111(3), Điều 112(1)',
        issuer: 'Quốc hội',
        issuedOn: '2019-11-20',
        covers: 'The public holidays and the compensatory day for a holiday on a weekly rest day.',
      },
      ...(year >= CULTURE_DAY_FIRST_YEAR
        ? [
            {
              reference: 'Nghị quyết 28/2026/QH16, Điều 2',
              issuer: 'Quốc hội',
              covers: '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026.',
            },
          ]
        : []),
      {
        reference: 'cadreflow generateProvisionalYear (Hồ Ngọc Đức lunar algorithm, UTC+7)',
        issuer: 'computed, not announced',
        covers:
          'Tết = last day of the lunar year + mùng 1–4; the second National Day day by the 2021–2026 pattern; no swaps.',
      },
    ],
    holidays,
    daysOff,
    makeUpWorkingDays: [],
    notes: [
      `Provisional: computed by rule before the government announced ${year}. Replace this year with the announced days (Tết days, the second National Day day, swaps) when the notices are issued.`,
    ],
  };
}
