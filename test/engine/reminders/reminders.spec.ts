import { describe, expect, it } from '@jest/globals';
import {
  computeDeadline,
  nextWorkingDay,
  reminderProfileFrom,
  remindersFor,
  VIETNAM_CALENDAR,
  workingDaysBetween,
  type CadreRecord,
  type JsonValue,
  type PersonFacts,
  type RegisterData,
  type RegisterItem,
  type RegisterKind,
  type ReminderOptions,
} from '../../../src/engine/index.js';
import { builtinDocument } from '../../support/engine-fixtures.js';

const QD_377 = reminderProfileFrom(
  builtinDocument('appointment', 2)['parameters'] as Record<string, JsonValue>,
);
const ND_170 = reminderProfileFrom(
  builtinDocument('appointment-state', 2)['parameters'] as Record<string, JsonValue>,
);

let seq = 0;
function item<K extends RegisterKind>(data: RegisterData[K]): RegisterItem<K> {
  seq += 1;
  return { data, seq, firstSeq: seq, recordedAt: '2026-01-05T02:00:00.000Z' };
}

function cadre(
  id: string,
  person: Partial<PersonFacts>,
  registers: Partial<Pick<CadreRecord, 'posts' | 'disciplines' | 'freezes' | 'assignments'>> = {},
): CadreRecord {
  return {
    id,
    unitId: 'unit-1',
    code: id.toUpperCase(),
    person: item<'person'>({
      fullName: 'Nguyễn Văn An',
      gender: 'male',
      dateOfBirth: '1980-01-01',
      ...person,
    }),
    posts: [],
    planning: [],
    disciplines: [],
    ratings: [],
    confidenceVotes: [],
    freezes: [],
    assignments: [],
    ...registers,
  };
}

const options = (today: string, within: number, profile = QD_377): ReminderOptions => ({
  today,
  within,
  calendar: VIETNAM_CALENDAR,
  profile,
});

describe('remindersFor', () => {
  const termEnds = cadre(
    'term',
    { fullName: 'Trần Thị Bích Ngọc', gender: 'female' },
    {
      posts: [
        item<'post'>({
          postTitle: 'Phó Giám đốc Sở Nội vụ',
          unitId: 'unit-1',
          since: '2022-07-01',
          termEndsOn: '2027-06-30',
        }),
      ],
    },
  );

  it('gives a term ending 30/06/2027 its QĐ 377 notice day, 90 working days back: 19/02/2027', () => {
    // Counted back from Wednesday 30/06/2027, the last day of the term. Forward from Friday
    // 19/02/2027 (not counted, Civil Code Art. 147(2)), the weekdays from Monday 22/02 to 30/06 are
    // 5 (22–26/02) + 23 (March) + 22 (April) + 21 (May) + 22 (June) = 93; three of them are days
    // off (provisional 2027 calendar): Friday 16/04 Giỗ Tổ Hùng Vương (10/3 âm lịch), Friday 30/04
    // Ngày Chiến thắng, Monday 03/05 in lieu of Labour Day on Saturday 01/05 (Labour Code 2019
    // Art. 111(3)). 93 − 3 = 90 working days. A notice on Monday 22/02 would leave only 89.
    const [reminder] = remindersFor([termEnds], options('2027-01-15', 60));
    expect(reminder).toMatchObject({
      cadreId: 'term',
      kind: 'termEnd',
      dueOn: '2027-06-30',
      noticeOn: '2027-02-19',
      late: false,
      opens: 'reappointment',
      source: { register: 'post', firstSeq: termEnds.posts[0]?.firstSeq },
    });
    expect(workingDaysBetween('2027-02-19', '2027-06-30', VIETNAM_CALENDAR)).toBe(90);
    expect(workingDaysBetween('2027-02-22', '2027-06-30', VIETNAM_CALENDAR)).toBe(89);
    const forward = computeDeadline('2027-02-19', 90, 'WORKING_DAY', VIETNAM_CALENDAR);
    expect(forward.dueOn).toBe('2027-06-30');
    expect(
      forward.skipped.filter((day) => day.status !== 'WEEKEND').map((day) => day.date),
    ).toEqual(['2027-04-16', '2027-04-30', '2027-05-01', '2027-05-03']);
    expect(reminder?.basis.explanation).toContain('QĐ 377-QĐ/TW, Điều 40');
    // Born 1980-01-01, a woman: 60 in 2040 (roadmap 60y0m from 2035), retiring 31/01/2040.
    expect(reminder?.basis.explanation).toContain(
      'Term of "Phó Giám đốc Sở Nội vụ" ends (12y7m to retirement on 2040-01-31)',
    );
    expect(reminder?.basis.provisional).toBe(true);
  });

  it('gives the same term 90 calendar days under NĐ 170: 01/04/2027', () => {
    // 30/06/2027 − 90 days = 01/04/2027 (Thursday, a working day): 29 + 31 + 30 = 90 days after it.
    const [reminder] = remindersFor([termEnds], options('2027-03-01', 60, ND_170));
    expect(reminder).toMatchObject({
      kind: 'termEnd',
      dueOn: '2027-06-30',
      noticeOn: '2027-04-01',
    });
  });

  it('gives a man born 15/08/1966 his roadmap retirement date, 31/08/2028, and a notice on 29/02/2028', () => {
    // Labour Code 2019 Art. 169(2), NĐ 135/2020 Art. 4 (src/engine/rules/retirement.ts): men
    // 60y3m in 2021, +3 months a year: 2026 61y6m, 2027 61y9m, 2028 62y0m (final). The age that
    // applies is the one of the year in which it is reached: 61y6m would be reached on 15/02/2028
    // (not in 2026), 61y9m on 15/05/2028 (not in 2027), 62y0m on 15/08/2028 (in 2028). Retirement
    // takes effect at the end of that month: 31/08/2028. Notice 6 months before (the profile's
    // default): 29/02/2028, a Tuesday (2028 is a leap year), the last day from which 6 months end
    // on or before 31/08/2028 (01/03/2028 + 6 months = 01/09/2028, too late).
    const man = cadre('born-1966', { gender: 'male', dateOfBirth: '1966-08-15' });
    expect(remindersFor([man], options('2028-01-10', 60))).toEqual([
      expect.objectContaining({
        cadreId: 'born-1966',
        kind: 'retirement',
        dueOn: '2028-08-31',
        noticeOn: '2028-02-29',
        late: false,
        key: 'born-1966:retirement:person:2028-08-31',
      }),
    ]);
    const [reminder] = remindersFor([man], options('2028-01-10', 60));
    expect(reminder?.basis.explanation).toContain('retirement age 62y0m');
    // Not yet within 30 days of its notice on 10/01/2028; late but listed once the notice day passed.
    expect(remindersFor([man], options('2028-01-10', 30))).toEqual([]);
    expect(remindersFor([man], options('2028-05-02', 0))).toEqual([
      expect.objectContaining({ kind: 'retirement', late: true }),
    ]);
    expect(remindersFor([man], options('2028-09-01', 365))).toEqual([]);
  });

  it('lists assignments, discipline waits and freezes ending, sorted by notice day', () => {
    const busy = cadre(
      'busy',
      {},
      {
        assignments: [
          item<'assignment'>({ kind: 'secondment', since: '2025-03-01', endsOn: '2027-03-01' }),
          item<'assignment'>({ kind: 'rotation', since: '2024-01-01' }),
        ],
        disciplines: [
          // QĐ 377 Art. 20: a reprimand waits 24 months: over on 10/02/2027.
          item<'discipline'>({
            level: 'reprimand',
            decisionNumber: '12-QĐ/UBKT',
            issuer: 'UBKT Tỉnh ủy',
            effectiveOn: '2025-02-10',
          }),
        ],
        freezes: [
          item<'freeze'>({
            kind: 'inspection',
            since: '2026-11-01',
            until: '2027-01-31',
            source: 'TB 5-TB/UBKT',
          }),
          item<'freeze'>({
            kind: 'audit',
            since: '2026-11-01',
            until: '2027-02-15',
            liftedOn: '2026-12-01',
            source: 'KTNN',
          }),
        ],
      },
    );
    const reminders = remindersFor([busy, termEnds], options('2027-01-04', 60));
    expect(reminders.map(({ kind, dueOn, noticeOn }) => [kind, dueOn, noticeOn])).toEqual([
      ['freezeEnd', '2027-01-31', '2027-01-31'],
      ['disciplineWaitEnd', '2027-02-10', '2027-02-10'],
      ['termEnd', '2027-06-30', '2027-02-19'],
      ['assignmentEnd', '2027-03-01', '2027-03-01'],
    ]);
  });

  it('leaves out a term that ends at retirement (the retirement reminder covers it) and ended posts', () => {
    const capped = cadre(
      'capped',
      { gender: 'male', dateOfBirth: '1966-08-15' },
      {
        posts: [
          item<'post'>({
            postTitle: 'Giám đốc',
            unitId: 'u',
            since: '2024-01-01',
            termEndsOn: '2028-08-31',
          }),
          item<'post'>({
            postTitle: 'Phó Giám đốc',
            unitId: 'u',
            since: '2019-01-01',
            termEndsOn: '2024-01-01',
            endedOn: '2023-12-31',
          }),
        ],
      },
    );
    expect(remindersFor([capped], options('2028-02-01', 60)).map((r) => r.kind)).toEqual([
      'retirement',
    ]);
    // A term ending 1y8m before retirement: the notice opens an extension, not a reappointment.
    const near = cadre(
      'near',
      { gender: 'male', dateOfBirth: '1966-08-15' },
      {
        posts: [
          item<'post'>({
            postTitle: 'Giám đốc',
            unitId: 'u',
            since: '2021-12-31',
            termEndsOn: '2026-12-31',
          }),
        ],
      },
    );
    const [termReminder] = remindersFor([near], options('2026-08-01', 30));
    expect([termReminder?.kind, termReminder?.opens]).toEqual(['termEnd', 'extension']);
    expect(termReminder?.basis.explanation).toContain(
      '1y8m to retirement on 2028-08-31: extension to retirement (kéo dài), not reappointment',
    );
  });

  it('reads the notice periods as parameters, not constants', () => {
    expect(QD_377.reappointmentNotice).toMatchObject({ amount: 90, unit: 'WORKING_DAY' });
    expect(ND_170.reappointmentNotice).toMatchObject({ amount: 90, unit: 'DAY' });
    expect(QD_377.retirementNotice).toMatchObject({ amount: 6, unit: 'MONTH' });
    const shorter = reminderProfileFrom({
      reappointmentNotice: { amount: 30, unit: 'WORKING_DAY' },
      retirementNotice: { amount: 3, unit: 'MONTH' },
      disciplineWaitMonths: { reprimand: 12, warning: 30, removal: 60 },
    });
    const [reminder] = remindersFor([termEnds], options('2027-05-01', 30, shorter));
    const noticeOn = reminder?.noticeOn ?? '';
    expect(workingDaysBetween(noticeOn, '2027-06-30', VIETNAM_CALENDAR)).toBe(30);
    expect(
      workingDaysBetween(
        nextWorkingDay(noticeOn, VIETNAM_CALENDAR),
        '2027-06-30',
        VIETNAM_CALENDAR,
      ),
    ).toBe(29);
    expect(() => reminderProfileFrom({ disciplineWaitMonths: {} })).toThrow(RangeError);
  });
});
