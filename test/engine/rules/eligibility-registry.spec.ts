import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { eligibilityRule, type EligibilityParams } from '../../../src/engine/rules/eligibility.js';
import { ruleInput } from './rule-input.js';

const params: EligibilityParams = {
  cadres: 'subject.candidates',
  checks: { disciplineWaitMonths: { reprimand: 24, warning: 36, removal: 60 } },
};

// What the subject holds: the registry as it was when the case opened (no discipline).
const candidate: JsonObject = {
  id: 'cadre-1',
  cadreId: 'cadre-1',
  fullName: 'Nguyễn Văn An',
  disciplines: [],
  freezes: [],
};

describe('eligibility with registry facts (SPEC §7)', () => {
  it('reads the facts the shell read from the registry for a cadre named by cadreId', () => {
    const input = ruleInput(params, { subject: { candidates: [candidate] } });
    expect(eligibilityRule.evaluate(input).satisfied).toBe(true);
    const withRegistry = {
      ...input,
      event: {
        ...input.event,
        registryFacts: {
          'cadre-1': {
            ...candidate,
            disciplines: [{ level: 'reprimand', effectiveOn: '2025-03-01' }],
          },
        },
      },
    };
    const evaluation = eligibilityRule.evaluate(withRegistry);
    expect(evaluation.satisfied).toBe(false);
    expect(JSON.stringify(evaluation.details)).toContain('2025-03-01');
  });

  it('leaves a cadre given inline as it is', () => {
    const inline = { ...candidate, cadreId: undefined } as unknown as JsonObject;
    delete (inline as Record<string, unknown>)['cadreId'];
    const input = ruleInput(params, { subject: { candidates: [inline] } });
    const evaluation = eligibilityRule.evaluate({
      ...input,
      event: {
        ...input.event,
        registryFacts: {
          'cadre-1': { disciplines: [{ level: 'removal', effectiveOn: '2025-03-01' }] },
        },
      },
    });
    expect(evaluation.satisfied).toBe(true);
  });
});
