/**
 * The Vietnamese civil-service working-day calendar, as data (the format of `calendar-data.ts`).
 *
 * Who: cán bộ, công chức, viên chức of state bodies, Party and mass organisations, whose weekly rest
 * days are Saturday and Sunday. Private employers may choose other Tết days and make no swaps.
 *
 * ANNOUNCED (`provisional: false`) — 2024, 2025, 2026: the days the government's notices fixed,
 * each year listing its sources (notice numbers as the government portal and the press report
 * them). Where the rule and the notice differ, the notice wins: e.g. Tết 2025 was fixed as
 * 27–31/01 (not 28/01–01/02 as "last day + mùng 1–4" would give).
 *
 * PROVISIONAL (`provisional: true`) — 2027, 2028, 2029, 2030: computed by `generateProvisionalYear`
 * (the statutory holidays, Tết = last day of the lunar year + mùng 1–4 by Hồ Ngọc Đức's UTC+7
 * algorithm, the second National Day day by the 2021–2026 pattern, compensatory days under Labour
 * Code Art. 111(3), no swaps). A test keeps these years equal to the generator's output. When a
 * year's notices are issued, replace it here (or upload it through the service) with
 * `provisional: false` and its sources.
 *
 * Years not listed are not covered: deadlines that reach them fail instead of ignoring holidays.
 */
import type { CalendarData } from './calendar-data.js';

export const VIETNAM_CALENDAR_DATA: CalendarData = {
  id: 'vn-civil-service',
  title: {
    vi: 'Lịch ngày làm việc của cán bộ, công chức, viên chức (Việt Nam)',
    en: 'Working days of Vietnamese civil servants',
  },
  description:
    'Weekly rest days Saturday and Sunday; public holidays of Labour Code 2019 Art. 112 and Ngày Văn hóa Việt Nam; compensatory days (Art. 111(3)); the swaps the government decides for cán bộ, công chức, viên chức. Years 2024–2026 as announced; 2027–2030 provisional, computed by rule.',
  weekend: [6, 7],
  years: {
    '2024': {
      provisional: false,
      sources: [
        {
          reference: 'Thông báo 5015/TB-LĐTBXH',
          issuer: 'Bộ Lao động – Thương binh và Xã hội',
          issuedOn: '2023-11-22',
          covers:
            'Tết from Thursday 08/02 (29 tháng Chạp Quý Mão) to Wednesday 14/02/2024 (mùng 5 Giáp Thìn): 5 Tết days and 2 days in lieu of the weekly rest days (Labour Code Art. 111(3)); National Day from Saturday 31/08 to Tuesday 03/09/2024 (2/9 and 3/9).',
          url: 'http://huyendakha.kontum.gov.vn/tin-tuc/thong-bao-ve-viec-nghi-tet-am-lich-va-nghi-le-quoc-khanh-nam-2024-doi-voi-can-bo-cong-chuc-vien-chuc-va-nguoi-lao-dong.html',
        },
        {
          reference: 'Công văn 8662/VPCP-KGVX',
          issuer: 'Văn phòng Chính phủ',
          issuedOn: '2023-11-03',
          covers:
            'The Prime Minister approves Tết 08/02–14/02/2024 and National Day 31/08–03/09/2024.',
          url: 'https://baotintuc.vn/chot-phuong-an-nghi-tet-nguyen-dan-7-ngay-nghi-le-quoc-khanh-4-ngay-n20231103185933813.htm',
        },
        {
          reference: 'Công văn 2450/VPCP-KGVX; Thông báo 1570/TB-LĐTBXH',
          issuer: 'Văn phòng Chính phủ; Bộ Lao động – Thương binh và Xã hội',
          issuedOn: '2024-04-12',
          covers:
            'Monday 29/04/2024 swapped for Saturday 04/05/2024: civil servants off from Saturday 27/04 to Wednesday 01/05/2024.',
          url: 'https://baophapluat.vn/media/thu-tuong-chinh-phu-dong-y-nghi-5-ngay-lien-tiep-dip-304-va-15-post12513.html',
        },
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers: '1/1, Giỗ Tổ Hùng Vương (10/3 âm lịch = Thursday 18/04/2024), 30/4 and 1/5.',
        },
      ],
      holidays: [
        {
          date: '2024-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2024-02-08',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Quý Mão',
        },
        {
          date: '2024-02-09',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '30/12 Quý Mão',
        },
        {
          date: '2024-02-10',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Giáp Thìn',
        },
        {
          date: '2024-02-11',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Giáp Thìn',
        },
        {
          date: '2024-02-12',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Giáp Thìn',
        },
        {
          date: '2024-04-18',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Giáp Thìn',
        },
        {
          date: '2024-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2024-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2024-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2024-09-03',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
      ],
      daysOff: [
        {
          date: '2024-02-13',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2024-02-10',
        },
        {
          date: '2024-02-14',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2024-02-11',
        },
        {
          date: '2024-04-29',
          reason: 'SWAP',
          name: {
            vi: 'Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù Thứ Bảy 04/05/2024)',
            en: 'Swapped day off for 30 April and 1 May (worked on Saturday 2024-05-04)',
          },
          workedOn: '2024-05-04',
        },
      ],
      makeUpWorkingDays: [
        {
          date: '2024-05-04',
          name: {
            vi: 'Làm bù cho Thứ Hai 29/04/2024 (dịp 30/4 và 1/5)',
            en: 'Make-up working day for Monday 2024-04-29 (30 April and 1 May)',
          },
          replaces: '2024-04-29',
        },
      ],
      notes: [
        'Announced. The notice gives 5 Tết days and 2 days in lieu within 08–14/02: the Tết days are taken as 08–12/02 (29 tháng Chạp to mùng 3), two of them on the weekend, made up on 13 and 14/02.',
      ],
    },
    '2025': {
      provisional: false,
      sources: [
        {
          reference: 'Thông báo 6150/TB-BLĐTBXH',
          issuer: 'Bộ Lao động – Thương binh và Xã hội',
          issuedOn: '2024-12-03',
          covers:
            'Tết from Saturday 25/01 to Sunday 02/02/2025: 5 Tết days (Monday 27/01 to Friday 31/01, 28 tháng Chạp Giáp Thìn to mùng 3 Ất Tỵ) and 4 weekly rest days; Friday 02/05/2025 swapped for Saturday 26/04/2025; National Day from Saturday 30/08 to Tuesday 02/09/2025 (1/9 and 2/9).',
          url: 'https://www.vietnamplus.vn/cong-chuc-vien-chuc-duoc-nghi-the-nao-trong-dip-le-304-152025-post1033115.vnp',
        },
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers: '1/1, Giỗ Tổ Hùng Vương (10/3 âm lịch = Monday 07/04/2025), 30/4 and 1/5.',
        },
      ],
      holidays: [
        {
          date: '2025-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2025-01-27',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '28/12 Giáp Thìn',
        },
        {
          date: '2025-01-28',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Giáp Thìn',
        },
        {
          date: '2025-01-29',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Ất Tỵ',
        },
        {
          date: '2025-01-30',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Ất Tỵ',
        },
        {
          date: '2025-01-31',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Ất Tỵ',
        },
        {
          date: '2025-04-07',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Ất Tỵ',
        },
        {
          date: '2025-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2025-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2025-09-01',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2025-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2025-05-02',
          reason: 'SWAP',
          name: {
            vi: 'Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù Thứ Bảy 26/04/2025)',
            en: 'Swapped day off for 30 April and 1 May (worked on Saturday 2025-04-26)',
          },
          workedOn: '2025-04-26',
        },
      ],
      makeUpWorkingDays: [
        {
          date: '2025-04-26',
          name: {
            vi: 'Làm bù cho Thứ Sáu 02/05/2025 (dịp 30/4 và 1/5)',
            en: 'Make-up working day for Friday 2025-05-02 (30 April and 1 May)',
          },
          replaces: '2025-05-02',
        },
      ],
      notes: [
        'Announced. Mùng 1 Tết Ất Tỵ is Wednesday 29/01/2025; the government fixed the 5 Tết days as 27–31/01 (two days before mùng 1 and three after), so no Tết day fell on a weekend.',
      ],
    },
    '2026': {
      provisional: false,
      sources: [
        {
          reference: 'Thông báo 9441/TB-BNV',
          issuer: 'Bộ Nội vụ',
          issuedOn: '2025-10-16',
          covers:
            'Tết from Monday 16/02 (29 tháng Chạp Ất Tỵ) to Friday 20/02/2026 (mùng 4 Bính Ngọ), with the weekends 14/02–22/02; National Day 1/9 and 2/9, with Monday 31/08 swapped for Saturday 22/08/2026 (off 29/08–02/09).',
          url: 'https://vietbao.vn/bo-noi-vu-thong-bao-lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-568329.html',
        },
        {
          reference: 'Công văn 12729/VPCP-KGVX',
          issuer: 'Văn phòng Chính phủ',
          issuedOn: '2025-12-25',
          covers:
            "New Year's Day: off Thursday 01/01 to Sunday 04/01/2026, Friday 02/01 swapped for Saturday 10/01/2026.",
        },
        {
          reference: 'Công văn 3383/BNV-CVL',
          issuer: 'Bộ Nội vụ',
          issuedOn: '2026-04-10',
          covers:
            'Giỗ Tổ Hùng Vương on Sunday 26/04/2026 made up on Monday 27/04 (Labour Code Art. 111(3)); no swap around 30/4 and 1/5 (Thursday and Friday).',
        },
        {
          reference: 'Nghị quyết 28/2026/QH16, Điều 2',
          issuer: 'Quốc hội',
          covers:
            '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026 (Tuesday 24/11/2026).',
        },
      ],
      holidays: [
        {
          date: '2026-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2026-02-16',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Ất Tỵ',
        },
        {
          date: '2026-02-17',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Bính Ngọ',
        },
        {
          date: '2026-02-18',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Bính Ngọ',
        },
        {
          date: '2026-02-19',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Bính Ngọ',
        },
        {
          date: '2026-02-20',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '4/1 Bính Ngọ',
        },
        {
          date: '2026-04-26',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Bính Ngọ',
        },
        {
          date: '2026-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2026-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2026-09-01',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2026-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2026-11-24',
          kind: 'CULTURE_DAY',
          name: {
            vi: 'Ngày Văn hóa Việt Nam',
            en: 'Vietnamese Culture Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2026-01-02',
          reason: 'SWAP',
          name: {
            vi: 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù Thứ Bảy 10/01/2026)',
            en: "Swapped day off for New Year's Day (worked on Saturday 2026-01-10)",
          },
          workedOn: '2026-01-10',
        },
        {
          date: '2026-04-27',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Giỗ Tổ Hùng Vương',
            en: "Day off in lieu of Hùng Kings' Commemoration Day",
          },
          compensates: '2026-04-26',
        },
        {
          date: '2026-08-31',
          reason: 'SWAP',
          name: {
            vi: 'Nghỉ hoán đổi dịp Quốc khánh (làm bù Thứ Bảy 22/08/2026)',
            en: 'Swapped day off for National Day (worked on Saturday 2026-08-22)',
          },
          workedOn: '2026-08-22',
        },
      ],
      makeUpWorkingDays: [
        {
          date: '2026-01-10',
          name: {
            vi: 'Làm bù cho Thứ Sáu 02/01/2026 (dịp Tết Dương lịch)',
            en: "Make-up working day for Friday 2026-01-02 (New Year's Day)",
          },
          replaces: '2026-01-02',
        },
        {
          date: '2026-08-22',
          name: {
            vi: 'Làm bù cho Thứ Hai 31/08/2026 (dịp Quốc khánh)',
            en: 'Make-up working day for Monday 2026-08-31 (National Day)',
          },
          replaces: '2026-08-31',
        },
      ],
      notes: [
        'Announced, except as follows. A swap around Ngày Văn hóa Việt Nam (Monday 23/11 off, Saturday 28/11 worked) was proposed; no decision was found when this year was compiled (2026-11-23). If one is issued, add it as a SWAP and a make-up working day.',
      ],
    },
    '2027': {
      provisional: true,
      sources: [
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 111(3), Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers:
            'The public holidays and the compensatory day for a holiday on a weekly rest day.',
        },
        {
          reference: 'Nghị quyết 28/2026/QH16, Điều 2',
          issuer: 'Quốc hội',
          covers: '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026.',
        },
        {
          reference: 'cadreflow generateProvisionalYear (Hồ Ngọc Đức lunar algorithm, UTC+7)',
          issuer: 'computed, not announced',
          covers:
            'Tết = last day of the lunar year + mùng 1–4; the second National Day day by the 2021–2026 pattern; no swaps.',
        },
      ],
      holidays: [
        {
          date: '2027-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2027-02-05',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Bính Ngọ',
        },
        {
          date: '2027-02-06',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Đinh Mùi',
        },
        {
          date: '2027-02-07',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Đinh Mùi',
        },
        {
          date: '2027-02-08',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Đinh Mùi',
        },
        {
          date: '2027-02-09',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '4/1 Đinh Mùi',
        },
        {
          date: '2027-04-16',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Đinh Mùi',
        },
        {
          date: '2027-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2027-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2027-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2027-09-03',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2027-11-24',
          kind: 'CULTURE_DAY',
          name: {
            vi: 'Ngày Văn hóa Việt Nam',
            en: 'Vietnamese Culture Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2027-02-10',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2027-02-06',
        },
        {
          date: '2027-02-11',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2027-02-07',
        },
        {
          date: '2027-05-03',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Ngày Quốc tế Lao động',
            en: 'Day off in lieu of International Labour Day',
          },
          compensates: '2027-05-01',
        },
      ],
      makeUpWorkingDays: [],
      notes: [
        'Provisional: computed by rule before the government announced 2027. Replace this year with the announced days (Tết days, the second National Day day, swaps) when the notices are issued.',
      ],
    },
    '2028': {
      provisional: true,
      sources: [
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 111(3), Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers:
            'The public holidays and the compensatory day for a holiday on a weekly rest day.',
        },
        {
          reference: 'Nghị quyết 28/2026/QH16, Điều 2',
          issuer: 'Quốc hội',
          covers: '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026.',
        },
        {
          reference: 'cadreflow generateProvisionalYear (Hồ Ngọc Đức lunar algorithm, UTC+7)',
          issuer: 'computed, not announced',
          covers:
            'Tết = last day of the lunar year + mùng 1–4; the second National Day day by the 2021–2026 pattern; no swaps.',
        },
      ],
      holidays: [
        {
          date: '2028-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2028-01-25',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Đinh Mùi',
        },
        {
          date: '2028-01-26',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Mậu Thân',
        },
        {
          date: '2028-01-27',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Mậu Thân',
        },
        {
          date: '2028-01-28',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Mậu Thân',
        },
        {
          date: '2028-01-29',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '4/1 Mậu Thân',
        },
        {
          date: '2028-04-04',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Mậu Thân',
        },
        {
          date: '2028-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2028-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2028-09-01',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2028-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2028-11-24',
          kind: 'CULTURE_DAY',
          name: {
            vi: 'Ngày Văn hóa Việt Nam',
            en: 'Vietnamese Culture Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2028-01-03',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Dương lịch',
            en: "Day off in lieu of New Year's Day",
          },
          compensates: '2028-01-01',
        },
        {
          date: '2028-01-31',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2028-01-29',
        },
        {
          date: '2028-05-02',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Ngày Chiến thắng',
            en: 'Day off in lieu of Victory Day (Reunification Day)',
          },
          compensates: '2028-04-30',
        },
        {
          date: '2028-09-04',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Quốc khánh',
            en: 'Day off in lieu of National Day',
          },
          compensates: '2028-09-02',
        },
      ],
      makeUpWorkingDays: [],
      notes: [
        'Provisional: computed by rule before the government announced 2028. Replace this year with the announced days (Tết days, the second National Day day, swaps) when the notices are issued.',
      ],
    },
    '2029': {
      provisional: true,
      sources: [
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 111(3), Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers:
            'The public holidays and the compensatory day for a holiday on a weekly rest day.',
        },
        {
          reference: 'Nghị quyết 28/2026/QH16, Điều 2',
          issuer: 'Quốc hội',
          covers: '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026.',
        },
        {
          reference: 'cadreflow generateProvisionalYear (Hồ Ngọc Đức lunar algorithm, UTC+7)',
          issuer: 'computed, not announced',
          covers:
            'Tết = last day of the lunar year + mùng 1–4; the second National Day day by the 2021–2026 pattern; no swaps.',
        },
      ],
      holidays: [
        {
          date: '2029-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2029-02-12',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Mậu Thân',
        },
        {
          date: '2029-02-13',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Kỷ Dậu',
        },
        {
          date: '2029-02-14',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Kỷ Dậu',
        },
        {
          date: '2029-02-15',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Kỷ Dậu',
        },
        {
          date: '2029-02-16',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '4/1 Kỷ Dậu',
        },
        {
          date: '2029-04-23',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Kỷ Dậu',
        },
        {
          date: '2029-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2029-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2029-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2029-09-03',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2029-11-24',
          kind: 'CULTURE_DAY',
          name: {
            vi: 'Ngày Văn hóa Việt Nam',
            en: 'Vietnamese Culture Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2029-09-04',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Quốc khánh',
            en: 'Day off in lieu of National Day',
          },
          compensates: '2029-09-02',
        },
      ],
      makeUpWorkingDays: [],
      notes: [
        'Provisional: computed by rule before the government announced 2029. Replace this year with the announced days (Tết days, the second National Day day, swaps) when the notices are issued.',
      ],
    },
    '2030': {
      provisional: true,
      sources: [
        {
          reference: 'Bộ luật Lao động 45/2019/QH14, Điều 111(3), Điều 112(1)',
          issuer: 'Quốc hội',
          issuedOn: '2019-11-20',
          covers:
            'The public holidays and the compensatory day for a holiday on a weekly rest day.',
        },
        {
          reference: 'Nghị quyết 28/2026/QH16, Điều 2',
          issuer: 'Quốc hội',
          covers: '24/11, Ngày Văn hóa Việt Nam, a paid day off from 1/7/2026.',
        },
        {
          reference: 'cadreflow generateProvisionalYear (Hồ Ngọc Đức lunar algorithm, UTC+7)',
          issuer: 'computed, not announced',
          covers:
            'Tết = last day of the lunar year + mùng 1–4; the second National Day day by the 2021–2026 pattern; no swaps.',
        },
      ],
      holidays: [
        {
          date: '2030-01-01',
          kind: 'NEW_YEAR',
          name: {
            vi: 'Tết Dương lịch',
            en: "New Year's Day",
          },
        },
        {
          date: '2030-02-01',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '29/12 Kỷ Dậu',
        },
        {
          date: '2030-02-02',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '1/1 Canh Tuất',
        },
        {
          date: '2030-02-03',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '2/1 Canh Tuất',
        },
        {
          date: '2030-02-04',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '3/1 Canh Tuất',
        },
        {
          date: '2030-02-05',
          kind: 'LUNAR_NEW_YEAR',
          name: {
            vi: 'Tết Nguyên đán',
            en: 'Lunar New Year (Tết)',
          },
          lunar: '4/1 Canh Tuất',
        },
        {
          date: '2030-04-12',
          kind: 'HUNG_KINGS',
          name: {
            vi: 'Giỗ Tổ Hùng Vương',
            en: "Hùng Kings' Commemoration Day",
          },
          lunar: '10/3 Canh Tuất',
        },
        {
          date: '2030-04-30',
          kind: 'VICTORY_DAY',
          name: {
            vi: 'Ngày Chiến thắng',
            en: 'Victory Day (Reunification Day)',
          },
        },
        {
          date: '2030-05-01',
          kind: 'LABOUR_DAY',
          name: {
            vi: 'Ngày Quốc tế Lao động',
            en: 'International Labour Day',
          },
        },
        {
          date: '2030-09-02',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh',
            en: 'National Day',
          },
        },
        {
          date: '2030-09-03',
          kind: 'NATIONAL_DAY',
          name: {
            vi: 'Quốc khánh (ngày liền kề)',
            en: 'National Day (adjacent day)',
          },
        },
        {
          date: '2030-11-24',
          kind: 'CULTURE_DAY',
          name: {
            vi: 'Ngày Văn hóa Việt Nam',
            en: 'Vietnamese Culture Day',
          },
        },
      ],
      daysOff: [
        {
          date: '2030-02-06',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2030-02-02',
        },
        {
          date: '2030-02-07',
          reason: 'COMPENSATORY',
          name: {
            vi: 'Nghỉ bù Tết Nguyên đán',
            en: 'Day off in lieu of Lunar New Year (Tết)',
          },
          compensates: '2030-02-03',
        },
      ],
      makeUpWorkingDays: [],
      notes: [
        'Provisional: computed by rule before the government announced 2030. Replace this year with the announced days (Tết days, the second National Day day, swaps) when the notices are issued.',
      ],
    },
  },
};
