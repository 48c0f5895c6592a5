/**
 * nextEntry, the pure rule of a case's chain: seq and prevHash from the head, and the hash
 * checked against an independent oracle (SPEC §3.5 written again here, not imported).
 */
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { nextEntry, type HistoryStep } from '../../../src/service/history/chain.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string;

/** The oracle: sha256_hex(prevHash + JCS(entry without hash)), over the 12 fields of SPEC §3.5. */
function oracleHash(entry: Record<string, unknown>): string {
  const body = {
    seq: entry.seq,
    caseId: entry.caseId,
    at: entry.at,
    event: entry.event,
    from: entry.from,
    to: entry.to,
    actorId: entry.actorId,
    roles: entry.roles,
    payload: entry.payload,
    comment: entry.comment,
    outcome: entry.outcome,
    prevHash: entry.prevHash,
  };
  return createHash('sha256')
    .update(`${entry.prevHash as string}${canonicalize(body)}`, 'utf8')
    .digest('hex');
}

const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const jsonObject = fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }) as fc.Arbitrary<
  HistoryStep['payload']
>;
const step: fc.Arbitrary<HistoryStep> = fc.record({
  caseId: fc.uuid(),
  at: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  event: fc.string({ minLength: 1, maxLength: 20 }),
  from: fc.option(fc.string({ maxLength: 30 }), { nil: null }),
  to: fc.string({ minLength: 1, maxLength: 30 }),
  actorId: fc.string({ maxLength: 36 }),
  roles: fc.array(fc.string({ maxLength: 10 }), { maxLength: 4 }),
  payload: jsonObject,
  comment: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: null }),
  outcome: fc.option(jsonObject, { nil: null }),
});
const head = fc.option(fc.record({ seq: fc.integer({ min: 1, max: 2 ** 31 - 2 }), hash: hex64 }), {
  nil: null,
});

describe('nextEntry', () => {
  it('hashes exactly as the oracle: sha256(prevHash + canonicalize(entry without hash))', () => {
    fc.assert(
      fc.property(head, step, (previous, taken) => {
        const entry = nextEntry(previous, taken);
        expect(entry.hash).toBe(oracleHash(entry));
        expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('follows the head: seq + 1 and its hash, or seq 1 and 64 zeros for the first entry', () => {
    fc.assert(
      fc.property(head, step, (previous, taken) => {
        const entry = nextEntry(previous, taken);
        expect(entry.seq).toBe(previous ? previous.seq + 1 : 1);
        expect(entry.prevHash).toBe(previous ? previous.hash : '0'.repeat(64));
        // The step's fields are kept as given, and nothing else is added.
        expect(entry).toEqual({
          ...taken,
          seq: entry.seq,
          prevHash: entry.prevHash,
          hash: entry.hash,
        });
        expect(Object.keys(entry)).toHaveLength(13);
      }),
      { numRuns: 100 },
    );
  });

  it('does not depend on which event it records: a CREATE after a head is not seq 1', () => {
    const taken = {
      caseId: 'c',
      at: '2026-01-01T00:00:00.000Z',
      event: 'CREATE',
      from: null,
      to: 'open',
      actorId: 'a',
      roles: [],
      payload: {},
      comment: null,
      outcome: null,
    };
    expect(nextEntry({ seq: 7, hash: 'f'.repeat(64) }, taken)).toMatchObject({
      seq: 8,
      prevHash: 'f'.repeat(64),
    });
  });
});
