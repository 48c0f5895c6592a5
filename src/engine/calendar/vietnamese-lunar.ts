/**
 * The Vietnamese lunisolar calendar (âm lịch), computed for Vietnam's meridian (UTC+07:00).
 *
 * Algorithm: Hồ Ngọc Đức, "Thuật toán tính âm lịch" (2004, public; https://www.informatik.uni-leipzig.de/~duc/amlich/),
 * which follows Jean Meeus, "Astronomical Algorithms" (1998) for the new moons (ch. 49, short
 * series) and the Sun's apparent longitude (ch. 25, low accuracy). A month starts on the day of
 * the new moon; the 11th month is the one containing the winter solstice; a year with 13 months
 * repeats the first month after the 11th that contains no major solar term (trung khí).
 *
 * Days are taken in UTC+7 (Decision 121-CP of 1967 fixed the 105° E meridian for the Vietnamese
 * calendar), which is why the result differs from the Chinese (UTC+8) calendar in some years:
 * Tết Ất Sửu fell on 21 January 1985 in Vietnam and on 20 February 1985 in China; Tết Đinh Hợi on
 * 17 February 2007 in Vietnam and 18 February 2007 in China.
 *
 * The engine does not call this at run time to decide holidays: the calendar is data
 * (`vietnam-calendar-data.ts`). This module generates the provisional years and checks the data.
 */
import { formatCivilDate, parseCivilDate, type CivilDate } from './civil-date.js';

/** A date of the lunar calendar; `year` is the Gregorian year in which its lunar year begins. */
export interface LunarDate {
  readonly day: number; // 1–30
  readonly month: number; // 1–12
  readonly year: number;
  /** True in the repeated (leap) month, tháng nhuận. */
  readonly leap: boolean;
}

const VIETNAM_TIME_ZONE = 7;
const SYNODIC_MONTH = 29.530588853;
// Julian day number of the new moon of 1900-01-01 (k = 0 in Meeus' numbering used here).
const NEW_MOON_EPOCH = 2415021.076998695;

/** Julian day number of a Gregorian date (Julian calendar before 1582-10-15). */
function julianDay(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd =
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045;
  return jd < 2299161
    ? day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083
    : jd;
}

function fromJulianDay(jd: number): CivilDate {
  let a: number;
  let b: number;
  let c: number;
  if (jd > 2299160) {
    a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return formatCivilDate({
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  });
}

/** Day number (local to the time zone) of the k-th new moon after 1900-01-01 (Meeus ch. 49). */
function newMoonDay(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // Sun's mean anomaly
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // Moon's mean anomaly
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // Moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * dr) + 0.0021 * Math.sin(2 * dr * m);
  c1 = c1 - 0.4068 * Math.sin(mpr * dr) + 0.0161 * Math.sin(dr * 2 * mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * f) - 0.0051 * Math.sin(dr * (m + mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (m - mpr)) + 0.0004 * Math.sin(dr * (2 * f + m));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * f - m)) - 0.0006 * Math.sin(dr * (2 * f + mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * f - mpr)) + 0.0005 * Math.sin(dr * (2 * mpr + m));
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  const jdNew = jd1 + c1 - deltaT;
  return Math.floor(jdNew + 0.5 + VIETNAM_TIME_ZONE / 24);
}

/** The Sun's apparent longitude at the start of the local day, as a sector 0–11 of 30° (Meeus ch. 25). */
function sunLongitudeSector(dayNumber: number): number {
  const t = (dayNumber - 2451545.5 - VIETNAM_TIME_ZONE / 24) / 36525;
  const t2 = t * t;
  const dr = Math.PI / 180;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(dr * m);
  dl = dl + (0.019993 - 0.000101 * t) * Math.sin(dr * 2 * m) + 0.00029 * Math.sin(dr * 3 * m);
  let l = (l0 + dl) * dr;
  l -= Math.PI * 2 * Math.floor(l / (Math.PI * 2));
  return Math.floor((l / Math.PI) * 6);
}

/** Day number of the start of the 11th lunar month (the one with the winter solstice) of `year`. */
function lunarMonth11(year: number): number {
  const off = julianDay(31, 12, year) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const newMoon = newMoonDay(k);
  // Sector 9 starts at 270°, the winter solstice: a new moon past it belongs to the next month 11.
  return sunLongitudeSector(newMoon) >= 9 ? newMoonDay(k - 1) : newMoon;
}

/** In a 13-month year starting at month 11 `a11`, the index (1–12) of the leap month. */
function leapMonthOffset(a11: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i));
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i));
  } while (arc !== last && i < 14);
  return i - 1;
}

/** The lunar date of a Gregorian civil date, in Vietnam. */
export function solarToLunar(date: CivilDate): LunarDate {
  const { year, month, day } = parseCivilDate(date);
  const dayNumber = julianDay(day, month, year);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1);
  if (monthStart > dayNumber) monthStart = newMoonDay(k);
  let a11 = lunarMonth11(year);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let leap = false;
  let lunarMonth = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { day: dayNumber - monthStart + 1, month: lunarMonth, year: lunarYear, leap };
}

/**
 * The Gregorian civil date of a lunar date, in Vietnam. Throws a RangeError for a leap month the
 * year does not have, or a day the month does not have (a short month has 29 days).
 */
export function lunarToSolar(lunar: LunarDate): CivilDate {
  const { day, month, year, leap } = lunar;
  if (
    !Number.isSafeInteger(year) ||
    !Number.isSafeInteger(day) ||
    day < 1 ||
    day > 30 ||
    !Number.isSafeInteger(month) ||
    month < 1 ||
    month > 12
  ) {
    throw new RangeError(`Not a lunar date: ${day}/${month}/${year}`);
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1);
    b11 = lunarMonth11(year);
  } else {
    a11 = lunarMonth11(year);
    b11 = lunarMonth11(year + 1);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) {
      throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    }
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  const monthStart = newMoonDay(k + off);
  if (day > newMoonDay(k + off + 1) - monthStart) {
    throw new RangeError(
      `Lunar month ${month}${leap ? ' (leap)' : ''} of ${year} has no day ${day}`,
    );
  }
  return fromJulianDay(monthStart + day - 1);
}

/** Mùng 1 Tết: the first day of the lunar year that begins in Gregorian `year`. */
export function lunarNewYear(year: number): CivilDate {
  return lunarToSolar({ day: 1, month: 1, year, leap: false });
}

/** Giỗ Tổ Hùng Vương: the 10th day of the (regular) 3rd lunar month (Labour Code 2019 Art. 112(1)(e)). */
export function hungKingsCommemoration(year: number): CivilDate {
  return lunarToSolar({ day: 10, month: 3, year, leap: false });
}

const STEMS = ['Giáp', 'Ất', 'Bính', 'Đinh', 'Mậu', 'Kỷ', 'Canh', 'Tân', 'Nhâm', 'Quý'] as const;
const BRANCHES = [
  'Tý',
  'Sửu',
  'Dần',
  'Mão',
  'Thìn',
  'Tỵ',
  'Ngọ',
  'Mùi',
  'Thân',
  'Dậu',
  'Tuất',
  'Hợi',
] as const;

/** The sexagenary name of a lunar year: 2024 → "Giáp Thìn", 2025 → "Ất Tỵ". */
export function lunarYearName(year: number): string {
  const stem = STEMS[(((year + 6) % 10) + 10) % 10];
  const branch = BRANCHES[(((year + 8) % 12) + 12) % 12];
  return `${stem} ${branch}`;
}

/** "29/12 Ất Tỵ", "10/3 Bính Ngọ", "1/4 nhuận …": how a Vietnamese notice writes a lunar date. */
export function formatLunarDate(lunar: LunarDate): string {
  return `${lunar.day}/${lunar.month}${lunar.leap ? ' nhuận' : ''} ${lunarYearName(lunar.year)}`;
}
