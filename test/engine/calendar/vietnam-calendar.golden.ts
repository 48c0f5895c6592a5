/**
 * Golden lists for the Vietnamese civil-service calendar, written by hand from the notices (2024–
 * 2026) and from the rules on a paper calendar (2027–2030), independently of the data module and
 * the generator: per year, the weekdays (Monday–Friday) that are not worked, and the Saturdays and
 * Sundays that are.
 */
export interface GoldenYear {
  readonly weekdaysOff: readonly string[];
  readonly weekendDaysWorked: readonly string[];
}

export const GOLDEN_YEARS: Readonly<Record<number, GoldenYear>> = {
  // Announced. Thông báo 5015/TB-LĐTBXH; Công văn 2450/VPCP-KGVX.
  2024: {
    weekdaysOff: [
      '2024-01-01', // Tết Dương lịch (Mon)
      '2024-02-08', // Tết 08–14/02: 29 tháng Chạp (Thu)
      '2024-02-09', // 30 tháng Chạp (Fri); 10–11/02 (mùng 1–2) are Sat–Sun
      '2024-02-12', // mùng 3 (Mon)
      '2024-02-13', // in lieu of Sat 10/02
      '2024-02-14', // in lieu of Sun 11/02
      '2024-04-18', // Giỗ Tổ Hùng Vương, 10/3 Giáp Thìn (Thu)
      '2024-04-29', // swapped for Sat 04/05
      '2024-04-30', // (Tue)
      '2024-05-01', // (Wed)
      '2024-09-02', // Quốc khánh (Mon)
      '2024-09-03', // the adjacent day (Tue)
    ],
    weekendDaysWorked: ['2024-05-04'],
  },
  // Announced. Thông báo 6150/TB-BLĐTBXH: Tết 25/01–02/02, 2 May swapped for 26 April, 1–2 September.
  2025: {
    weekdaysOff: [
      '2025-01-01',
      '2025-01-27', // 28 tháng Chạp Giáp Thìn
      '2025-01-28', // 29 tháng Chạp (no 30th that year)
      '2025-01-29', // mùng 1 Tết Ất Tỵ
      '2025-01-30',
      '2025-01-31',
      '2025-04-07', // Giỗ Tổ Hùng Vương (Mon)
      '2025-04-30',
      '2025-05-01',
      '2025-05-02', // swapped for Sat 26/04
      '2025-09-01', // the adjacent day (Mon)
      '2025-09-02',
    ],
    weekendDaysWorked: ['2025-04-26'],
  },
  // Announced. Công văn 12729/VPCP-KGVX; Thông báo 9441/TB-BNV; Công văn 3383/BNV-CVL; NQ 28/2026/QH16.
  2026: {
    weekdaysOff: [
      '2026-01-01',
      '2026-01-02', // swapped for Sat 10/01
      '2026-02-16', // 29 tháng Chạp Ất Tỵ
      '2026-02-17', // mùng 1 Tết Bính Ngọ
      '2026-02-18',
      '2026-02-19',
      '2026-02-20', // mùng 4
      '2026-04-27', // in lieu of Giỗ Tổ on Sun 26/04
      '2026-04-30',
      '2026-05-01',
      '2026-08-31', // swapped for Sat 22/08
      '2026-09-01', // the adjacent day (Tue)
      '2026-09-02',
      '2026-11-24', // Ngày Văn hóa Việt Nam (Tue)
    ],
    weekendDaysWorked: ['2026-01-10', '2026-08-22'],
  },
  // Provisional. Tết Đinh Mùi is Sat 06/02: Tết 05–09/02, the weekend days made up on 10 and 11/02.
  2027: {
    weekdaysOff: [
      '2027-01-01', // (Fri)
      '2027-02-05', // 29 tháng Chạp Bính Ngọ (Fri)
      '2027-02-08', // mùng 3 (Mon)
      '2027-02-09', // mùng 4 (Tue)
      '2027-02-10', // in lieu of mùng 1 (Sat)
      '2027-02-11', // in lieu of mùng 2 (Sun)
      '2027-04-16', // Giỗ Tổ Hùng Vương (Fri)
      '2027-04-30', // (Fri)
      '2027-05-03', // in lieu of 1/5 (Sat)
      '2027-09-02', // (Thu)
      '2027-09-03', // the adjacent day (Fri)
      '2027-11-24', // Ngày Văn hóa Việt Nam (Wed)
    ],
    weekendDaysWorked: [],
  },
  // Provisional. 1/1 on Saturday; Tết Mậu Thân Wed 26/01; 30/4 on Sunday; 2/9 on Saturday.
  2028: {
    weekdaysOff: [
      '2028-01-03', // in lieu of 1/1 (Sat)
      '2028-01-25', // 29 tháng Chạp Đinh Mùi (Tue)
      '2028-01-26', // mùng 1
      '2028-01-27',
      '2028-01-28',
      '2028-01-31', // in lieu of mùng 4 (Sat 29/01)
      '2028-04-04', // Giỗ Tổ Hùng Vương (Tue)
      '2028-05-01', // (Mon)
      '2028-05-02', // in lieu of 30/4 (Sun): 1/5 is itself a holiday
      '2028-09-01', // the adjacent day (Fri)
      '2028-09-04', // in lieu of 2/9 (Sat)
      '2028-11-24', // Ngày Văn hóa Việt Nam (Fri)
    ],
    weekendDaysWorked: [],
  },
  // Provisional. Tết Kỷ Dậu Tue 13/02; 2/9 on Sunday; 24/11 on Saturday (not made up: outside Art. 112(1)).
  2029: {
    weekdaysOff: [
      '2029-01-01', // (Mon)
      '2029-02-12', // 29 tháng Chạp Mậu Thân (Mon)
      '2029-02-13', // mùng 1
      '2029-02-14',
      '2029-02-15',
      '2029-02-16', // mùng 4 (Fri)
      '2029-04-23', // Giỗ Tổ Hùng Vương (Mon)
      '2029-04-30', // (Mon)
      '2029-05-01', // (Tue)
      '2029-09-03', // the adjacent day (Mon)
      '2029-09-04', // in lieu of 2/9 (Sun)
    ],
    weekendDaysWorked: [],
  },
  // Provisional. Tết Canh Tuất Sat 02/02 in Vietnam (03/02 in China); 24/11 on Sunday.
  2030: {
    weekdaysOff: [
      '2030-01-01', // (Tue)
      '2030-02-01', // 29 tháng Chạp Kỷ Dậu (Fri)
      '2030-02-04', // mùng 3 (Mon)
      '2030-02-05', // mùng 4 (Tue)
      '2030-02-06', // in lieu of mùng 1 (Sat)
      '2030-02-07', // in lieu of mùng 2 (Sun)
      '2030-04-12', // Giỗ Tổ Hùng Vương (Fri)
      '2030-04-30', // (Tue)
      '2030-05-01', // (Wed)
      '2030-09-02', // (Mon)
      '2030-09-03', // the adjacent day (Tue)
    ],
    weekendDaysWorked: [],
  },
};
