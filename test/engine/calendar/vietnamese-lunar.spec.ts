import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays } from '../../../src/engine/calendar/civil-date.js';
import {
  formatLunarDate,
  hungKingsCommemoration,
  lunarNewYear,
  lunarToSolar,
  lunarYearName,
  solarToLunar,
} from '../../../src/engine/calendar/vietnamese-lunar.js';

describe('lunarNewYear (mùng 1 Tết, Vietnam UTC+7)', () => {
  it.each([
    [2024, '2024-02-10', 'Giáp Thìn'],
    [2025, '2025-01-29', 'Ất Tỵ'],
    [2026, '2026-02-17', 'Bính Ngọ'],
    [2027, '2027-02-06', 'Đinh Mùi'],
    [2028, '2028-01-26', 'Mậu Thân'],
    [2029, '2029-02-13', 'Kỷ Dậu'],
    // The new moon is at 23:07 on 2 February in Vietnam, 00:07 on 3 February in China (UTC+8):
    // the Chinese New Year is 3 February 2030, Tết Canh Tuất is the 2nd.
    [2030, '2030-02-02', 'Canh Tuất'],
  ])('Tết %i is %s (%s)', (year, date, name) => {
    expect(lunarNewYear(year)).toBe(date);
    expect(lunarYearName(year)).toBe(name);
    expect(solarToLunar(date)).toEqual({ day: 1, month: 1, year, leap: false });
  });

  it('follows the Vietnamese, not the Chinese, calendar where they differ', () => {
    // Tết Ất Sửu 1985: 21 January in Vietnam, 20 February in China.
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    // Tết Đinh Hợi 2007: 17 February in Vietnam, 18 February in China.
    expect(lunarNewYear(2007)).toBe('2007-02-17');
  });

  it('gives the last day of the old year as the notices write it', () => {
    // Thông báo 5015/TB-LĐTBXH: Thursday 08/02/2024 is 29 tháng Chạp Quý Mão, so 09/02 is the 30th.
    expect(formatLunarDate(solarToLunar('2024-02-08'))).toBe('29/12 Quý Mão');
    expect(formatLunarDate(solarToLunar('2024-02-09'))).toBe('30/12 Quý Mão');
    // Thông báo 9441/TB-BNV: 14/02/2026 is 27 tháng Chạp Ất Tỵ, 16/02 the 29th and last.
    expect(formatLunarDate(solarToLunar('2026-02-14'))).toBe('27/12 Ất Tỵ');
    expect(formatLunarDate(solarToLunar('2026-02-16'))).toBe('29/12 Ất Tỵ');
    // Tết Ất Tỵ 2025 had no 30th of Chạp.
    expect(() => lunarToSolar({ day: 30, month: 12, year: 2024, leap: false })).toThrow(RangeError);
    expect(lunarToSolar({ day: 29, month: 12, year: 2024, leap: false })).toBe('2025-01-28');
  });
});

describe('hungKingsCommemoration (Giỗ Tổ Hùng Vương, 10/3 âm lịch)', () => {
  it.each([
    [2024, '2024-04-18'], // Thursday
    [2025, '2025-04-07'], // Monday
    [2026, '2026-04-26'], // Sunday, made up on Monday 27/04
    [2027, '2027-04-16'],
    [2028, '2028-04-04'],
    [2029, '2029-04-23'],
    [2030, '2030-04-12'],
  ])('%i: %s', (year, date) => {
    expect(hungKingsCommemoration(year)).toBe(date);
  });
});

describe('leap months (tháng nhuận)', () => {
  it('places the leap month where the Vietnamese calendar has it', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar('2025-07-25')).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(solarToLunar('2025-06-25')).toEqual({ day: 1, month: 6, year: 2025, leap: false });
    expect(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })).toBe('2025-07-25');
    expect(formatLunarDate(solarToLunar('2025-07-25'))).toBe('1/6 nhuận Ất Tỵ');
  });

  it('refuses a leap month the year does not have', () => {
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2025, leap: true })).toThrow(
      /no leap month 3/,
    );
    expect(() => lunarToSolar({ day: 1, month: 3, year: 2024, leap: true })).toThrow(
      /no leap month/,
    );
    expect(() => lunarToSolar({ day: 0, month: 3, year: 2024, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ day: 1, month: 13, year: 2024, leap: false })).toThrow(RangeError);
  });
});

describe('solarToLunar and lunarToSolar', () => {
  it('are inverse on every day from 1990 to 2040', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 18_627 }), (offset) => {
        const date = addDays('1990-01-01', offset);
        expect(lunarToSolar(solarToLunar(date))).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers consecutive days consecutively within a month', () => {
    let previous = solarToLunar('2026-12-31');
    for (let day = '2027-01-01'; day <= '2027-12-31'; day = addDays(day, 1)) {
      const lunar = solarToLunar(day);
      if (lunar.day !== 1) expect(lunar.day).toBe(previous.day + 1);
      else expect([29, 30]).toContain(previous.day);
      previous = lunar;
    }
  });
});
