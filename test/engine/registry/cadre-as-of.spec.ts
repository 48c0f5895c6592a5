import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { appendProblems, cadreAsOf } from '../../../src/engine/registry/cadre-as-of.js';
import type { RegistryEntry } from '../../../src/engine/registry/cadre-registry.js';
import { subjectFactsOn } from '../../../src/engine/registry/subject-facts.js';

const identity = { id: 'c1', unitId: 'u1', code: 'CB-001' };
const person = {
  fullName: 'Nguyễn Văn An',
  gender: 'male' as const,
  dateOfBirth: '1975-04-02',
};
const discipline = (effectiveOn: string) => ({
  level: 'reprimand' as const,
  decisionNumber: '12-QĐ/UBKT',
  issuer: 'UBKT Tỉnh ủy',
  effectiveOn,
});

// 10/03/2026 09:00 in Hà Nội is 02:00 UTC; 23:30 on 14/03 in Hà Nội is 16:30 UTC the same day.
const entries: RegistryEntry[] = [
  { seq: 1, kind: 'person', data: person, recordedAt: '2026-01-05T02:00:00.000Z', recordedBy: 'p' },
  {
    seq: 2,
    kind: 'post',
    data: { postTitle: 'Phó Giám đốc Sở', unitId: 'u1', since: '2021-06-01' },
    recordedAt: '2026-01-05T02:00:00.000Z',
    recordedBy: 'p',
  },
  {
    seq: 3,
    kind: 'discipline',
    data: discipline('2026-03-01'),
    recordedAt: '2026-03-10T02:00:00.000Z',
    recordedBy: 'p',
  },
  {
    seq: 4,
    kind: 'discipline',
    data: discipline('2025-03-01'),
    supersedes: 3,
    recordedAt: '2026-03-20T02:00:00.000Z',
    recordedBy: 'p',
    note: 'ngày hiệu lực ghi sai',
  },
];

describe('cadreAsOf', () => {
  it('shows what the registry said on a day: the first discipline before its correction', () => {
    const before = cadreAsOf(entries, identity, '2026-03-15');
    expect(before?.disciplines).toEqual([
      { data: discipline('2026-03-01'), seq: 3, firstSeq: 3, recordedAt: entries[2]?.recordedAt },
    ]);
    const now = cadreAsOf(entries, identity);
    expect(now?.disciplines).toEqual([
      { data: discipline('2025-03-01'), seq: 4, firstSeq: 3, recordedAt: entries[3]?.recordedAt },
    ]);
  });

  it('counts the day in Asia/Ho_Chi_Minh: 00:30 local on the 20th is the 19th in UTC', () => {
    const late: RegistryEntry = { ...entries[3]!, recordedAt: '2026-03-19T17:30:00.000Z' };
    const list = [...entries.slice(0, 3), late];
    expect(cadreAsOf(list, identity, '2026-03-19')?.disciplines[0]?.seq).toBe(3);
    expect(cadreAsOf(list, identity, '2026-03-20')?.disciplines[0]?.seq).toBe(4);
  });

  it('is undefined before the cadre entered the registry', () => {
    expect(cadreAsOf(entries, identity, '2026-01-04')).toBeUndefined();
    expect(cadreAsOf([], identity)).toBeUndefined();
  });

  it('withdraws a voided item and keeps the others', () => {
    const voided: RegistryEntry = {
      seq: 5,
      kind: 'discipline',
      supersedes: 4,
      void: true,
      recordedAt: '2026-03-21T02:00:00.000Z',
      recordedBy: 'p',
    };
    const record = cadreAsOf([...entries, voided], identity);
    expect(record?.disciplines).toEqual([]);
    expect(record?.posts).toHaveLength(1);
  });

  it('does not depend on the order the entries are given in', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
        expect(cadreAsOf(shuffled, identity)).toEqual(cadreAsOf(entries, identity));
      }),
    );
  });

  it('keeps one item per chain of corrections, whatever the chain (property)', () => {
    // A random chain: each step corrects the current holder or voids it; the fold keeps the
    // last holder's data, or nothing once voided.
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 12 }), (voids) => {
        const list: RegistryEntry[] = [entries[0]!, { ...entries[2]!, seq: 2 }];
        let holder = 2;
        let gone = false;
        for (const isVoid of voids) {
          if (gone) break;
          const seq = list.length + 1;
          list.push(
            isVoid
              ? {
                  seq,
                  kind: 'discipline',
                  supersedes: holder,
                  void: true,
                  recordedAt: '2026-03-20T02:00:00.000Z',
                  recordedBy: 'p',
                }
              : {
                  seq,
                  kind: 'discipline',
                  supersedes: holder,
                  data: discipline(`2025-01-${String(seq).padStart(2, '0')}`),
                  recordedAt: '2026-03-20T02:00:00.000Z',
                  recordedBy: 'p',
                },
          );
          holder = seq;
          gone = isVoid;
        }
        expect(appendProblems([], [])).toEqual([]);
        const record = cadreAsOf(list, identity);
        expect(record?.disciplines.length).toBe(gone ? 0 : 1);
        if (!gone) expect(record?.disciplines[0]).toMatchObject({ seq: holder, firstSeq: 2 });
      }),
    );
  });
});

describe('appendProblems', () => {
  it('accepts a correction of the current holder and refuses a second one of the same entry', () => {
    expect(
      appendProblems(entries, [
        { kind: 'discipline', supersedes: 4, data: discipline('2025-03-02') },
      ]),
    ).toEqual([]);
    expect(
      appendProblems(entries, [
        { kind: 'discipline', supersedes: 3, data: discipline('2025-03-02') },
      ]),
    ).toEqual([{ index: 0, problem: { kind: 'alreadySuperseded', supersedes: 3, by: 4 } }]);
  });

  it('refuses an unknown target, another kind, a void without target and an entry without data', () => {
    expect(
      appendProblems(entries, [
        { kind: 'discipline', supersedes: 9, data: discipline('2025-03-02') },
        {
          kind: 'post',
          supersedes: 4,
          data: { postTitle: 'x', unitId: 'u1', since: '2020-01-01' },
        },
        { kind: 'freeze', void: true },
        { kind: 'rating' },
        { kind: 'person', supersedes: 1, void: true },
      ]).map((p) => p.problem.kind),
    ).toEqual(['unknownTarget', 'otherKind', 'shape', 'shape', 'shape']);
  });

  it('sees the entries earlier in the same batch', () => {
    expect(
      appendProblems(entries, [
        { kind: 'discipline', supersedes: 4, data: discipline('2025-03-02') },
        { kind: 'discipline', supersedes: 4, void: true },
        { kind: 'discipline', supersedes: 5, void: true },
      ]),
    ).toEqual([{ index: 1, problem: { kind: 'alreadySuperseded', supersedes: 4, by: 5 } }]);
  });
});

describe('subjectFactsOn', () => {
  it('gives the facts of SPEC §5.1 as they stood on the measuring date', () => {
    const record = cadreAsOf(
      [
        ...entries,
        {
          seq: 5,
          kind: 'planning',
          data: { title: 'Giám đốc Sở', period: '2026-2031', since: '2025-12-01' },
          recordedAt: '2026-03-20T02:00:00.000Z',
          recordedBy: 'p',
        },
        {
          seq: 6,
          kind: 'freeze',
          data: { kind: 'inspection', since: '2026-02-01', source: 'TB 12-TB/UBKT' },
          recordedAt: '2026-03-20T02:00:00.000Z',
          recordedBy: 'p',
        },
        {
          seq: 7,
          kind: 'confidenceVote',
          data: {
            heldOn: '2025-11-01',
            body: 'HĐND',
            ballotsReturned: 40,
            high: 30,
            medium: 8,
            low: 2,
          },
          recordedAt: '2026-03-20T02:00:00.000Z',
          recordedBy: 'p',
        },
      ],
      identity,
    )!;
    expect(subjectFactsOn(record, '2026-03-15')).toEqual({
      id: 'c1',
      fullName: 'Nguyễn Văn An',
      gender: 'male',
      dateOfBirth: '1975-04-02',
      currentPosition: 'Phó Giám đốc Sở',
      currentPositionSince: '2021-06-01',
      inPlanning: true,
      disciplines: [
        {
          level: 'reprimand',
          effectiveOn: '2025-03-01',
          decisionRef: '12-QĐ/UBKT',
          issuer: 'UBKT Tỉnh ủy',
        },
      ],
      freezes: [{ kind: 'inspection', since: '2026-02-01' }],
      protectedDuty: false,
      ratings: [],
      lastConfidenceVote: { ballotsReturned: 40, low: 2 },
    });
    const lifted = cadreAsOf(
      [
        entries[0]!,
        {
          seq: 2,
          kind: 'freeze',
          data: { kind: 'audit', since: '2026-01-10', liftedOn: '2026-02-01', source: 'KL 3' },
          recordedAt: '2026-03-20T02:00:00.000Z',
          recordedBy: 'p',
        },
        {
          seq: 3,
          kind: 'freeze',
          data: { kind: 'audit', since: '2026-01-10', liftedOn: '2026-01-10', source: 'KL 4' },
          recordedAt: '2026-03-20T02:00:00.000Z',
          recordedBy: 'p',
        },
      ],
      identity,
    )!;
    expect(subjectFactsOn(lifted, '2026-03-15')['freezes']).toEqual([
      { kind: 'audit', since: '2026-01-10', until: '2026-01-31' },
    ]);
    // Before the planning period began, and before the post: neither holds.
    const early = subjectFactsOn(record, '2021-05-01');
    expect(early['inPlanning']).toBe(false);
    expect(early).not.toHaveProperty('currentPosition');
    expect(early).not.toHaveProperty('lastConfidenceVote');
  });
});
