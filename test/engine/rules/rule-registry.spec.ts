import { describe, expect, it } from '@jest/globals';
import { getRule, ruleRegistry } from '../../../src/engine/rules/index.js';

describe('rule registry', () => {
  it('registers every rule of the vocabulary under its type', () => {
    expect([...ruleRegistry.keys()].sort()).toEqual([
      'approvals',
      'atLeast',
      'choice',
      'collect',
      'dateOrder',
      'dismissalGrounds',
      'eligibility',
      'freeze',
      'lowConfidence',
      'retirementHorizon',
      'selection',
      'termOfOffice',
      'tieBreak',
      'vote',
    ]);
    for (const [type, rule] of ruleRegistry) {
      expect(rule.type).toBe(type);
      expect(rule.description.length).toBeGreaterThan(20);
    }
  });

  it('tells deciding rules (with results) from gates', () => {
    const deciding = [...ruleRegistry.values()]
      .filter((rule) => rule.results !== undefined)
      .map((rule) => rule.type);
    expect(deciding.sort()).toEqual([
      'approvals',
      'choice',
      'collect',
      'freeze',
      'retirementHorizon',
      'tieBreak',
      'vote',
    ]);
  });

  it('finds a rule by type and nothing for an unknown type', () => {
    expect(getRule('vote')?.type).toBe('vote');
    expect(getRule('majority')).toBeUndefined();
  });

  it('reports bad params of every rule with paths rather than throwing', () => {
    for (const rule of ruleRegistry.values()) {
      const problems = rule.checkParams({ unexpected: true });
      expect(problems).toContainEqual({
        path: 'unexpected',
        message: 'is not a parameter of this rule',
      });
      expect(rule.checkParams('params')).toEqual([{ path: '', message: 'must be object' }]);
    }
  });
});
