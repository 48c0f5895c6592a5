/**
 * The single-pass canonical JSON (common/canonical-json.ts) and the history entry's one-pass body
 * (history/chain.ts entryBodyJson) against the reference, the `canonicalize` package: the same
 * text for every JSON value — keys sorted by UTF-16 code units, lone surrogates, -0, exponents —
 * and for what is not plain JSON (toJSON, undefined, sparse arrays), which they hand to it.
 */
import { describe, expect, it } from '@jest/globals';
import canonicalizeModule from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from '../../../src/service/common/canonical-json.js';
import {
  entryBodyJson,
  hashEntry,
  type UnhashedEntry,
} from '../../../src/service/history/chain.js';
import { HASHED_FIELDS } from '../../../src/service/history/history-fields.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string | undefined;

/** What the reference gives, or the error it throws (as a string to compare). */
const reference = (value: unknown): string => {
  try {
    const text = canonicalize(value);
    return text === undefined ? 'error' : text;
  } catch {
    return 'error';
  }
};

const ours = (value: unknown): string => {
  try {
    return canonicalJson(value);
  } catch {
    return 'error';
  }
};

// Text of every kind: ASCII, any code unit (lone surrogates included), any code point.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) }),
);
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    number,
    text,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(text, tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('canonicalJson', () => {
  it('writes every JSON value exactly as the reference does', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with the reference on values that are not plain JSON, errors included', () => {
    const odd = fc.oneof(
      fc.anything({
        withBoxedValues: true,
        withMap: true,
        withSet: true,
        withSparseArray: true,
        withNullPrototype: true,
        withObjectString: true,
        withDate: true,
        withTypedArray: true,
        withUnicodeString: true,
      }),
      json.map((value) => ({ value, toJSON: () => ({ replaced: value }) })),
      json.map((value) => ({ value, gone: undefined, symbol: Symbol('s') })),
      json.map((value) => [value, undefined, Symbol('s')]),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, undefined, () => 1, { toJSON: 'text' }),
    );
    fc.assert(
      fc.property(odd, (value) => {
        expect(ours(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });
});

const entry: fc.Arbitrary<UnhashedEntry> = fc.record({
  seq: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  caseId: fc.uuid(),
  at: fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  event: text,
  from: fc.option(text, { nil: null }),
  to: text,
  actorId: text,
  roles: fc.array(text, { maxLength: 3 }),
  payload: fc.dictionary(text, json, { maxKeys: 5 }) as fc.Arbitrary<UnhashedEntry['payload']>,
  comment: fc.option(text, { nil: null }),
  outcome: fc.option(fc.dictionary(text, json, { maxKeys: 4 }), { nil: null }) as fc.Arbitrary<
    UnhashedEntry['outcome']
  >,
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
});

const bodyOf = (value: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(HASHED_FIELDS.map((field) => [field, value[field]]));

describe("a history entry's canonical body", () => {
  it('is the reference JCS of exactly the hashed fields', () => {
    fc.assert(
      fc.property(entry, text, (value, hash) => {
        // Extra properties (the hash itself, a row's workflow key) are not part of the body.
        const stored = { ...value, hash, workflowKey: 'x' };
        expect(entryBodyJson(stored)).toBe(canonicalize(bodyOf(value)));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the general path for a missing field or a value that is not plain JSON', () => {
    fc.assert(
      fc.property(
        entry,
        fc.constantFrom(...HASHED_FIELDS),
        fc.constantFrom<unknown>(undefined, Symbol('s'), { toJSON: () => 'x' }, [1, undefined]),
        (value, field, odd) => {
          const tampered = { ...value, [field]: odd } as unknown as UnhashedEntry;
          expect(entryBodyJson(tampered)).toBe(canonicalize(bodyOf(tampered)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the hash of an entry written before the one-pass body (SPEC §3.5 example)', () => {
    // An entry as the service wrote it with the reference implementation (fixed, never recomputed).
    const written: UnhashedEntry = {
      seq: 2,
      caseId: '3f1c2a9e-8b7d-4c6e-9a1b-2d3e4f5a6b7c',
      at: '2026-03-01T02:03:04.005Z',
      event: 'RECORD_VOTE',
      from: 'vote.ballot',
      to: 'decision',
      actorId: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      roles: ['organization_board'],
      payload: { summoned: 17, present: 15, inFavour: 9, against: 6, note: 'Đồng ý' },
      comment: 'Biểu quyết',
      outcome: { result: 'PASSED', rules: [{ rule: 'vote', satisfied: true }] },
      prevHash: 'a'.repeat(64),
    };
    expect(entryBodyJson(written)).toBe(canonicalize(written));
    // sha256_hex(prevHash + JCS(body)) computed once with the reference, kept as a constant.
    expect(hashEntry(written)).toBe(
      '121826541a5ab90e05af8ee344f33a02bbda5ee8928173c53fa50666e72b3e5d',
    );
  });
});
