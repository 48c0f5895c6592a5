import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  hashCadreEntry,
  nextCadreEntry,
  verifyCadreChain,
  type CadreEntryView,
} from '../../../src/service/cadres/cadre-chain.js';
import { linkHash } from '../../../src/service/history/chain.js';

const chainOf = (notes: readonly string[]): CadreEntryView[] => {
  const entries: CadreEntryView[] = [];
  for (const [index, note] of notes.entries()) {
    const head = entries[entries.length - 1];
    entries.push(
      nextCadreEntry(head ? { seq: head.seq, hash: head.hash } : null, {
        cadreId: 'c1',
        kind: index === 0 ? 'person' : 'rating',
        data:
          index === 0
            ? { fullName: 'Đỗ Thị Hà', gender: 'female', dateOfBirth: '1985-01-02' }
            : { year: 2000 + index, rating: 'good' },
        supersedes: null,
        void: false,
        recordedAt: '2026-03-10T02:00:00.000Z',
        recordedBy: 'p1',
        caseId: null,
        note,
      }),
    );
  }
  return entries;
};

const headOf = (entries: readonly CadreEntryView[]) => ({
  seq: entries.length,
  headHash: entries[entries.length - 1]?.hash ?? '0'.repeat(64),
});

describe('the cadre chain', () => {
  it('hashes prevHash + JCS of every field but the hash, as anyone can recompute', () => {
    const [first] = chainOf(['x']);
    const { hash, ...body } = first!;
    expect(hash).toBe(linkHash('0'.repeat(64), body));
    expect(hashCadreEntry(first!)).toBe(hash);
    expect(first!.prevHash).toBe('0'.repeat(64));
  });

  it('verifies an untouched chain and finds any changed note, at its entry (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 8 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 5 }),
        (notes, at, extra) => {
          const entries = chainOf(notes);
          expect(verifyCadreChain('c1', entries, headOf(entries))).toMatchObject({
            valid: true,
            entries: entries.length,
          });
          const index = at % entries.length;
          const tampered = entries.map((entry, i) =>
            i === index ? { ...entry, note: `${entry.note ?? ''}${extra}` } : entry,
          );
          expect(verifyCadreChain('c1', tampered, headOf(entries))).toMatchObject({
            valid: false,
            brokenAt: index + 1,
          });
        },
      ),
    );
  });

  it('finds a missing entry and a row that disagrees with the last entry', () => {
    const entries = chainOf(['a', 'b', 'c']);
    expect(verifyCadreChain('c1', [entries[0]!, entries[2]!], headOf(entries))).toMatchObject({
      valid: false,
      brokenAt: 2,
    });
    expect(verifyCadreChain('c1', entries.slice(0, 2), headOf(entries))).toMatchObject({
      valid: false,
      brokenAt: 3,
    });
  });
});
