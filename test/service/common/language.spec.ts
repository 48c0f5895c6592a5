import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { preferredLanguage, vietnameseDate } from '../../../src/service/common/language.js';

describe('preferredLanguage (Accept-Language, RFC 9110 §12.5.4)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['vi', 'vi'],
    ['VI-vn', 'vi'],
    ['vi-VN,vi;q=0.9,en;q=0.8', 'vi'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['en;q=0.5, vi;q=0.6', 'vi'],
    ['vi;q=0', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['vietnamese', 'en'],
    ['vi;q=abc', 'vi'],
    [';;;,,,', 'en'],
    [['en', 'vi;q=0.9'], 'en'],
  ] as const)('%j → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });

  it('ignores a header longer than 1 KiB (English), and never throws on any string', () => {
    expect(preferredLanguage(`vi,${'x'.repeat(2000)}`)).toBe('en');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (header) => {
        expect(['vi', 'en']).toContain(preferredLanguage(header));
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});

describe('vietnameseDate', () => {
  it('writes ISO dates and instants as dd/mm/yyyy and leaves other text alone', () => {
    expect(vietnameseDate('2025-10-08')).toBe('08/10/2025');
    expect(vietnameseDate('2026-01-31T23:00:00.000Z')).toBe('31/01/2026');
    expect(vietnameseDate('not a date')).toBe('not a date');
  });
});
