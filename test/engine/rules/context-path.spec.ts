import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { idsOf, readContextPath, readJsonPath } from '../../../src/engine/rules/context-path.js';
import { ruleInput } from './rule-input.js';

describe('context paths', () => {
  const facts: JsonObject = {
    nominees: ['c1', 'c2'],
    votes: {
      'proposal.leadershipNomination.ballot': { result: 'TOP_TWO' },
      proposal: { other: 1 },
    },
  };

  it('reads nested fields and array indices', () => {
    expect(readJsonPath(facts, 'nominees.1')).toBe('c2');
    expect(readJsonPath(facts, 'nominees.x')).toBeUndefined();
    expect(readJsonPath(facts, 'missing.field')).toBeUndefined();
  });

  it('finds keys that contain dots, preferring the longest', () => {
    expect(readJsonPath(facts, 'votes.proposal.leadershipNomination.ballot.result')).toBe(
      'TOP_TWO',
    );
    expect(readJsonPath(facts, 'votes.proposal.other')).toBe(1);
  });

  it('does not read inherited properties', () => {
    expect(readJsonPath({}, 'constructor')).toBeUndefined();
    expect(readJsonPath({ a: {} }, 'a.toString')).toBeUndefined();
  });

  it('reads from the four roots of a rule input', () => {
    const input = ruleInput(null, {
      subject: { cadre: { id: 'c1' } },
      data: { note: 'x' },
      facts,
      payload: { exceptionRef: '12-QĐ/TW' },
    });
    expect(readContextPath(input, 'subject.cadre.id')).toBe('c1');
    expect(readContextPath(input, 'data.note')).toBe('x');
    expect(readContextPath(input, 'facts.nominees.0')).toBe('c1');
    expect(readContextPath(input, 'payload.exceptionRef')).toBe('12-QĐ/TW');
    expect(readContextPath(input, 'context.subject')).toBeUndefined();
  });

  it('lists ids from strings or objects with an id', () => {
    expect(idsOf(['a', { id: 'b' }])).toEqual(['a', 'b']);
    expect(idsOf([{ name: 'a' }])).toBeUndefined();
    expect(idsOf(['a', ''])).toBeUndefined();
    expect(idsOf('a')).toBeUndefined();
  });
});
