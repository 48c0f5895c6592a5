/**
 * Fuzz tier for definition patterns (issue 11 item 3): catastrophic-backtracking shapes, built
 * from random atoms, with adversarial inputs. Every check must finish at once, and on inputs short
 * enough for a backtracking engine the verdict must be JavaScript's own (an independent oracle).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileWorkflow, type JsonObject } from '../../../src/engine/index.js';

const SEED = 20_261_202;

const atom = fc.constantFrom('a', '[ab]', '\\w', '\\d', '.', '(?:a|b)', '[a-z]');
const catastrophic = atom.chain((x) =>
  fc.constantFrom(
    `^(${x}+)+$`,
    `^(${x}*)*$`,
    `^(${x}|${x})*$`,
    `^(${x}+)*${x}$`,
    `^(${x}?){25}${x}{25}$`,
    `^((${x}+)+)+!$`,
  ),
);
const filler = fc.constantFrom('a', 'b', '1', 'z');
const breaker = fc.constantFrom('!', '-', ' ', 'é', '\u0000');

function definitionWith(pattern: string): JsonObject {
  return {
    key: 'fuzz',
    version: 1,
    title: { vi: 'Mẫu', en: 'Fuzz' },
    regulation: 'test',
    initial: 'draft',
    subject: {
      type: 'object',
      properties: {
        value: { type: 'string', pattern },
        map: { type: 'object', patternProperties: { [pattern]: { type: 'integer' } } },
      },
    },
    states: {
      draft: { on: { SUBMIT: { roles: ['clerk'], target: 'done' } } },
      done: { type: 'final' },
    },
  };
}

describe('catastrophic definition patterns (fuzz)', () => {
  it('answers long adversarial strings at once', () => {
    fc.assert(
      fc.property(
        catastrophic,
        filler,
        fc.integer({ min: 24, max: 64 }),
        breaker,
        (pattern, fill, length, end) => {
          const validate = compileWorkflow(definitionWith(pattern)).validateSubject;
          const value = `${fill.repeat(length)}${end}`;
          const started = Date.now();
          validate?.({ value, map: { [value]: 'not an integer' } });
          expect(Date.now() - started).toBeLessThan(1000);
        },
      ),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('agrees with JavaScript on inputs short enough to backtrack', () => {
    fc.assert(
      fc.property(
        catastrophic,
        fc.array(fc.oneof(filler, breaker), { maxLength: 10 }),
        (pattern, characters) => {
          const validate = compileWorkflow(definitionWith(pattern)).validateSubject;
          const value = characters.join('');
          expect(validate?.({ value })).toBe(new RegExp(pattern, 'u').test(value));
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
