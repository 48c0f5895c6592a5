import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { evaluateVote, voteResults, type VoteParams } from '../../../src/engine/rules/vote.js';
import { expectJsonOnly } from './rule-input.js';

// Tallies are built from their parts so that every generated tally is consistent.
const count = (max: number) => fc.integer({ min: 0, max });

const yesNoTally = fc
  .record({
    inFavour: count(30),
    against: count(30),
    abstain: count(10),
    invalid: count(5),
    slack: count(5),
    absentBallots: count(5),
    absent: count(20),
  })
  .map((p) => {
    const ballotsReturned = p.inFavour + p.against + p.abstain + p.invalid + p.slack;
    const present = ballotsReturned + p.absentBallots;
    return {
      summoned: Math.max(1, present + p.absent),
      present,
      ballotsReturned,
      invalid: p.invalid,
      inFavour: p.inFavour,
      against: p.against,
      abstain: p.abstain,
    };
  });

const candidateTally = fc
  .record({
    votes: fc.uniqueArray(
      fc.record({ id: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), votes: count(25) }),
      {
        minLength: 1,
        maxLength: 6,
        selector: (c) => c.id,
      },
    ),
    invalid: count(5),
    slack: count(5),
    absentBallots: count(5),
    absent: count(20),
  })
  .map((p) => {
    const ballotsReturned = Math.max(...p.votes.map((c) => c.votes)) + p.slack + p.invalid;
    const present = ballotsReturned + p.absentBallots;
    return {
      summoned: Math.max(1, present + p.absent),
      present,
      ballotsReturned,
      invalid: p.invalid,
      candidates: p.votes,
    };
  });

const anyTally = fc.oneof(yesNoTally, candidateTally);

const params = fc.record({
  quorum: fc.constantFrom(null, { numerator: 2, denominator: 3 }, { numerator: 1, denominator: 2 }),
  base: fc.constantFrom(
    'TOTAL_MEMBERS' as const,
    'TOTAL_SUMMONED' as const,
    'BALLOTS_RETURNED' as const,
  ),
  tieAtHalf: fc.constantFrom('HEAD_DECIDES' as const, 'FAIL' as const),
  noneAboveHalf: fc.constantFrom('TOP_TWO' as const, 'FAIL' as const),
  tieForSecond: fc.constantFrom('HEAD_DECIDES' as const, 'FAIL' as const),
  quorumOnly: fc.boolean(),
  // The generated tallies may name several candidates a ballot (an opinion on each).
  choicesPerBallot: fc.constant('perCandidate' as const),
});

const deciding = params.map((p): VoteParams => ({ ...p, quorumOnly: false }));
const onTotalMembers = params.map((p): VoteParams => ({
  ...p,
  base: 'TOTAL_MEMBERS',
  quorumOnly: false,
}));

describe('vote properties', () => {
  it('accepts every consistent tally and returns only results that results(params) lists', () => {
    fc.assert(
      fc.property(anyTally, params, (tally, p) => {
        const evaluation = evaluateVote(tally, p);
        expect(evaluation.satisfied).toBe(true);
        expect(voteResults(p)).toContain(evaluation.result);
        expectJsonOnly(evaluation);
      }),
    );
  });

  it('on TOTAL_MEMBERS, an extra absent member never turns a failed vote into a pass', () => {
    fc.assert(
      fc.property(anyTally, onTotalMembers, (tally, p) => {
        fc.pre(evaluateVote(tally, p).result === 'FAILED');
        expect(evaluateVote({ ...tally, summoned: tally.summoned + 1 }, p).result).not.toBe(
          'PASSED',
        );
      }),
    );
  });

  it('does not depend on the order of the candidates', () => {
    fc.assert(
      fc.property(
        candidateTally.chain((tally) =>
          fc.tuple(
            fc.constant(tally),
            fc.shuffledSubarray(tally.candidates, {
              minLength: tally.candidates.length,
              maxLength: tally.candidates.length,
            }),
          ),
        ),
        params,
        ([tally, shuffled], p) => {
          expect(evaluateVote({ ...tally, candidates: shuffled }, p)).toStrictEqual(
            evaluateVote(tally, p),
          );
        },
      ),
    );
  });

  it('never turns a pass into a fail when a vote in favour is added', () => {
    fc.assert(
      fc.property(yesNoTally, deciding, (tally, p) => {
        const before = evaluateVote(tally, p);
        fc.pre(before.result === 'PASSED');
        // One more ballot in favour, from an absentee who turned up if no ballot was spare.
        const spare =
          tally.ballotsReturned - (tally.inFavour + tally.against + tally.abstain + tally.invalid);
        const more =
          spare > 0
            ? { ...tally, inFavour: tally.inFavour + 1 }
            : {
                ...tally,
                inFavour: tally.inFavour + 1,
                ballotsReturned: tally.ballotsReturned + 1,
                present: tally.present + 1,
                summoned: Math.max(tally.summoned, tally.present + 1),
              };
        fc.pre(p.base !== 'TOTAL_MEMBERS' || more.summoned === tally.summoned); // the body stays the same
        expect(evaluateVote(more, p).result).toBe('PASSED');
      }),
    );
  });

  it("never turns a candidate's pass into a fail when a vote for the winner is added", () => {
    fc.assert(
      fc.property(candidateTally, deciding, (tally, p) => {
        const before = evaluateVote(tally, p);
        fc.pre(before.result === 'PASSED');
        const winner = (before.details['selected'] as string[])[0];
        const candidates = tally.candidates.map((c) =>
          c.id === winner ? { ...c, votes: c.votes + 1 } : c,
        );
        const extra = Math.max(
          0,
          Math.max(...candidates.map((c) => c.votes)) + tally.invalid - tally.ballotsReturned,
        );
        const more = {
          ...tally,
          candidates,
          ballotsReturned: tally.ballotsReturned + extra,
          present: tally.present + extra,
        };
        fc.pre(more.present <= more.summoned);
        const after = evaluateVote(more, p);
        expect(after.result).toBe('PASSED');
        expect(after.details['selected']).toEqual([winner]);
      }),
    );
  });

  it('keeps pass and tie exclusive: a tie only at exactly half, and only when the head decides', () => {
    fc.assert(
      fc.property(yesNoTally, deciding, (tally, p) => {
        const base = p.base === 'BALLOTS_RETURNED' ? tally.ballotsReturned : tally.summoned;
        const headDecides = evaluateVote(tally, { ...p, tieAtHalf: 'HEAD_DECIDES' });
        const fails = evaluateVote(tally, { ...p, tieAtHalf: 'FAIL' });
        if (headDecides.result === 'QUORUM_NOT_MET') {
          expect(fails.result).toBe('QUORUM_NOT_MET');
          return;
        }
        expect(headDecides.result === 'PASSED').toBe(tally.inFavour * 2 > base);
        expect(headDecides.result === 'TIE').toBe(base > 0 && tally.inFavour * 2 === base);
        expect(fails.result).not.toBe('TIE');
        expect(fails.result).toBe(headDecides.result === 'TIE' ? 'FAILED' : headDecides.result);
      }),
    );
  });

  it('is monotone in attendance: one more member present never loses the quorum', () => {
    fc.assert(
      fc.property(anyTally, params, (tally, p) => {
        fc.pre(tally.present < tally.summoned);
        fc.pre(evaluateVote(tally, p).result !== 'QUORUM_NOT_MET');
        const more: JsonObject = { ...tally, present: tally.present + 1 };
        expect(evaluateVote(more, p).result).not.toBe('QUORUM_NOT_MET');
      }),
    );
  });
});

describe('vote: one choice per post', () => {
  // Ballots with one choice for each of `seats` posts: the votes total at most valid × seats.
  const perPostTally = fc
    .record({
      seats: fc.integer({ min: 1, max: 3 }),
      valid: fc.integer({ min: 1, max: 20 }),
      invalid: count(3),
      absent: count(5),
      shares: fc.array(fc.nat(100), { minLength: 1, maxLength: 6 }),
    })
    .map((p) => {
      const total = p.shares.reduce((a, b) => a + b, 0) || 1;
      const budget = p.valid * p.seats;
      const ids = ['A', 'B', 'C', 'D', 'E', 'F'];
      const candidates = p.shares.map((share, index) => ({
        id: ids[index] as string,
        votes: Math.min(p.valid, Math.floor((share * budget) / total / p.shares.length)),
      }));
      const ballotsReturned = p.valid + p.invalid;
      return {
        seats: p.seats,
        tally: {
          summoned: ballotsReturned + p.absent,
          present: ballotsReturned,
          ballotsReturned,
          invalid: p.invalid,
          candidates,
        },
      };
    });

  it('accepts every per-post tally, selects at most `seats` on a pass, and lists its result', () => {
    fc.assert(
      fc.property(perPostTally, deciding, ({ seats, tally }, p) => {
        const rule = { ...p, choicesPerBallot: 'perPost' as const };
        const evaluation = evaluateVote(tally, rule, undefined, { seats });
        expect(evaluation.satisfied).toBe(true);
        expect(voteResults(rule)).toContain(evaluation.result);
        if (evaluation.result === 'PASSED') {
          expect((evaluation.details['selected'] as string[]).length).toBeLessThanOrEqual(seats);
        }
      }),
    );
  });

  it('refuses a tally with one vote too many for the posts', () => {
    fc.assert(
      fc.property(perPostTally, ({ seats, tally }) => {
        const budget = (tally.ballotsReturned - tally.invalid) * seats;
        const used = tally.candidates.reduce((a, c) => a + c.votes, 0);
        fc.pre(used < budget);
        // Spread the missing votes over fresh candidates, each within the valid ballots.
        const valid = tally.ballotsReturned - tally.invalid;
        const extra: { id: string; votes: number }[] = [];
        for (let left = budget - used + 1, n = 0; left > 0; n += 1) {
          const votes = Math.min(valid, left);
          extra.push({ id: `X${n}`, votes });
          left -= votes;
        }
        const over = { ...tally, candidates: [...tally.candidates, ...extra] };
        expect(evaluateVote(over, { base: 'TOTAL_MEMBERS' }, undefined, { seats }).refusal).toBe(
          'VALIDATION_FAILED',
        );
      }),
    );
  });
});

describe('vote results(params)', () => {
  // Small witnesses: a body of 4, nobody or everybody present, every yes/no count and every
  // vote split between three candidates (ballots may name several candidates).
  const witnesses: JsonObject[] = [{ summoned: 4, present: 0 }];
  for (let inFavour = 0; inFavour <= 4; inFavour += 1)
    witnesses.push({ summoned: 4, present: 4, inFavour });
  for (let a = 0; a <= 3; a += 1) {
    for (let b = 0; b <= 3; b += 1) {
      for (let c = 0; c <= 3; c += 1) {
        witnesses.push({
          summoned: 4,
          present: 4,
          candidates: [
            { id: 'A', votes: a },
            { id: 'B', votes: b },
            { id: 'C', votes: c },
          ],
        });
      }
    }
  }
  const combinations: VoteParams[] = [];
  for (const quorum of [null, { numerator: 2, denominator: 3 }])
    for (const tieAtHalf of ['HEAD_DECIDES', 'FAIL'] as const)
      for (const noneAboveHalf of ['TOP_TWO', 'FAIL'] as const)
        for (const tieForSecond of ['HEAD_DECIDES', 'FAIL'] as const)
          for (const quorumOnly of [true, false])
            for (const mode of ['yesNo', 'candidates', 'either'] as const)
              combinations.push({
                quorum,
                base: 'TOTAL_MEMBERS',
                tieAtHalf,
                noneAboveHalf,
                tieForSecond,
                quorumOnly,
                mode,
                choicesPerBallot: 'perCandidate',
              });

  it('lists exactly the results some tally reaches, for every combination of params', () => {
    const mismatches: Record<string, { listed: string[]; reached: string[] }> = {};
    for (const p of combinations) {
      const reached = new Set<string>();
      for (const tally of witnesses) {
        const evaluation = evaluateVote(tally, p);
        if (evaluation.result !== undefined) reached.add(evaluation.result);
      }
      const listed = voteResults(p);
      if (listed.length !== reached.size || !listed.every((r) => reached.has(r))) {
        mismatches[JSON.stringify(p)] = { listed, reached: [...reached] };
      }
    }
    expect(combinations).toHaveLength(96);
    expect(mismatches).toEqual({});
  });
});
