/**
 * The regulation in force (SPEC §5.2): QĐ 377-QĐ/TW (8/10/2025, effective on signing) replaced
 * QĐ 80's discipline waiting periods of 12/30/60 months by 24/36/60 (domain.md §2.4(7), §2.9).
 */
import { describe, expect, it } from '@jest/globals';
import { addMonths } from '../../src/engine/calendar/civil-date.js';
import { renderMessage, type StepRefused } from '../../src/engine/index.js';
import { actors, builtin, cadre, last, open, send, walk } from '../support/engine-fixtures.js';

const measuredOn = '2026-03-02';
// A warning that took effect 32 months before the dossier was received.
const warned = cadre({
  id: 'c1',
  disciplines: [{ level: 'warning', effectiveOn: addMonths(measuredOn, -32) }],
});

function stepOne(version: number) {
  const compiled = builtin('appointment', version);
  const opened = open(compiled, {
    position: { title: 'Giám đốc Sở', unit: 'Sở X' },
    candidates: [warned],
  });
  const atStep1 = last(
    walk(compiled, opened.snapshot, [
      {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { headcount: 1, source: 'internal', duties: 'x' },
      },
      { type: 'APPROVE', actor: actors.authority },
    ]),
  );
  return send(compiled, atStep1.snapshot, {
    type: 'SUBMIT',
    actor: actors.clerk,
    payload: { eligible: ['c1'] },
  });
}

describe('a warning 32 months before the measuring date', () => {
  it('passes under the QĐ 80 profile (appointment v1: 30 months)', () => {
    expect(stepOne(1)).toMatchObject({ accepted: true, to: 'proposal.nomination' });
  });

  it('is refused under the QĐ 377 profile (appointment v2: 36 months), naming the regulation and the day the wait ends', () => {
    const refused = stepOne(2) as StepRefused;
    expect(refused).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
    expect(refused.reason).toContain('2026-07-02');
    expect(refused.reason).toContain('QĐ 377-QĐ/TW');
    const message = refused.message;
    expect(message).toBeDefined();
    if (!message) return;
    const vi = renderMessage(message.key, message.params ?? {}, 'vi');
    expect(vi).toContain('02/07/2026');
    expect(vi).toContain('QĐ 377-QĐ/TW');
    expect(vi).toContain('cảnh cáo');
    expect(renderMessage(message.key, message.params ?? {}, 'en')).toBe(refused.reason);
  });
});
