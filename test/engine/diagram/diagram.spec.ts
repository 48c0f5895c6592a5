import { describe, expect, it } from '@jest/globals';
import { XMLValidator } from 'fast-xml-parser';
import {
  compileWorkflow,
  simulateWorkflow,
  toMermaid,
  toSvg,
  type JsonObject,
} from '../../../src/engine/index.js';
import { builtin } from '../../support/engine-fixtures.js';

function leaveRequest(reviewTitle = 'Xét duyệt'): JsonObject {
  return {
    key: 'leave-request',
    version: 1,
    title: { vi: 'Xin nghỉ phép', en: 'Leave request' },
    regulation: 'Nội quy cơ quan (2026)',
    initial: 'draft',
    on: { WITHDRAW: { roles: ['clerk'], target: '#withdrawn' } },
    states: {
      draft: {
        title: { vi: 'Soạn đơn', en: 'Draft' },
        on: { SUBMIT: { roles: ['clerk'], target: 'review' } },
      },
      review: {
        title: { vi: reviewTitle, en: 'Review' },
        initial: 'ballot',
        states: {
          ballot: {
            on: {
              RECORD_VOTE: {
                roles: ['clerk'],
                rules: [
                  {
                    type: 'vote',
                    params: { base: 'TOTAL_MEMBERS', tieAtHalf: 'HEAD_DECIDES', mode: 'yesNo' },
                  },
                ],
                branches: {
                  PASSED: '#approved',
                  TIE: 'tie',
                  FAILED: '#rejected',
                  QUORUM_NOT_MET: null,
                },
              },
            },
          },
          tie: {
            on: {
              HEAD_DECIDE: {
                roles: ['head'],
                rules: [
                  { type: 'choice', params: { field: 'outcome', values: ['approve', 'reject'] } },
                ],
                branches: { approve: '#approved', reject: '#rejected' },
              },
            },
          },
        },
      },
      approved: { type: 'final' },
      rejected: { type: 'final', result: 'terminated' },
      withdrawn: { type: 'final', result: 'terminated' },
    },
  };
}

const GOLDEN = `stateDiagram-v2
  %% leave-request v1 (Nội quy cơ quan (2026)): Xin nghỉ phép
  [*] --> draft
  draft : Soạn đơn
  state review {
    [*] --> review__ballot
    state "review.ballot" as review__ballot
    state "review.tie" as review__tie
  }
  review : Xét duyệt
  approved --> [*]
  rejected --> [*]
  withdrawn --> [*]
  draft --> review : SUBMIT (clerk)
  review__ballot --> approved : RECORD_VOTE (clerk) / PASSED
  review__ballot --> review__tie : RECORD_VOTE (clerk) / TIE
  review__ballot --> rejected : RECORD_VOTE (clerk) / FAILED
  review__tie --> approved : HEAD_DECIDE (head) / approve
  review__tie --> rejected : HEAD_DECIDE (head) / reject
  draft --> withdrawn : WITHDRAW (clerk)
  review --> withdrawn : WITHDRAW (clerk)
  classDef terminated fill:#f4f4f4,color:#666
  class rejected,withdrawn terminated
`;

describe('toMermaid', () => {
  it('writes a small definition as stateDiagram-v2 (golden)', () => {
    expect(toMermaid(compileWorkflow(leaveRequest()))).toBe(GOLDEN);
  });

  it("highlights a case's path and current state with classDef", () => {
    const text = toMermaid(compileWorkflow(leaveRequest()), {
      path: ['draft', 'review.ballot'],
      current: 'review.ballot',
    });
    expect(text.startsWith(GOLDEN)).toBe(true);
    expect(text.slice(GOLDEN.length)).toBe(
      [
        '  classDef visited fill:#dbeafe,stroke:#2563eb',
        '  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px',
        '  class draft,review visited',
        '  class review__ballot current',
        '',
      ].join('\n'),
    );
  });

  it('keeps hostile titles on one inert line', () => {
    const text = toMermaid(compileWorkflow(leaveRequest('x"\n  click review call evil() ; <b>')));
    expect(text).toContain('  review : x#quot; click review call evil() #59; #lt;b#gt;\n');
    expect(text.split('\n').filter((line) => line.includes('evil'))).toHaveLength(1);
  });

  it('merges the branches of one event that lead to the same state', () => {
    const text = toMermaid(builtin('appointment'));
    expect(text).toContain(
      'proposal__leadershipNomination__ballot --> proposal__keyOfficialsOpinion : RECORD_VOTE (clerk) / PASSED, TOP_TWO',
    );
    // A state that refuses a workflow-wide event gets no arrow for it (rotation: inRotation).
    const rotation = toMermaid(builtin('rotation'));
    expect(rotation).not.toContain('inRotation --> withdrawn');
    expect(rotation).toContain('decision --> withdrawn : WITHDRAW (clerk)');
  });
});

describe('toSvg', () => {
  for (const key of ['appointment', 'appointment-state', 'rotation', 'resignation']) {
    it(`renders ${key} as well-formed XML with every state, the same every time`, () => {
      const compiled = builtin(key);
      const svg = toSvg(compiled);
      expect(XMLValidator.validate(svg)).toBe(true);
      for (const node of compiled.tree.nodes) expect(svg).toContain(`data-state="${node.id}"`);
      expect(toSvg(compiled)).toBe(svg);
    });
  }

  it('escapes markup and drops characters XML forbids', () => {
    const svg = toSvg(compileWorkflow(leaveRequest('</text><script>alert("x")</script>&\u0001')));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(svg).not.toContain('\u0001');
  });

  it('highlights the current state, the visited ones and the transitions taken', () => {
    const svg = toSvg(compileWorkflow(leaveRequest()), {
      path: ['draft', 'review.ballot', 'review.tie'],
      current: 'review.tie',
    });
    expect(svg).toContain('class="state current" data-state="review.tie"');
    expect(svg).toContain('class="state visited" data-state="draft"');
    expect(svg).toContain('class="state composite visited" data-state="review"');
    expect(svg).toContain('class="state final idle" data-state="approved"');
    expect(svg).toContain('class="transition taken" data-event="SUBMIT" data-from="draft"');
    expect(svg).toContain(
      'class="transition taken" data-event="RECORD_VOTE" data-from="review.ballot" data-to="review.tie"',
    );
    expect(svg).toContain(
      'class="transition" data-event="RECORD_VOTE" data-from="review.ballot" data-to="approved"',
    );
  });
});

describe('simulateWorkflow', () => {
  const compiled = compileWorkflow(leaveRequest());

  it('walks a draft, reporting refusals without applying them', () => {
    const report = simulateWorkflow(compiled, {
      subject: {},
      start: '2026-03-02T03:00:00.000Z',
      events: [
        { type: 'SUBMIT', roles: ['clerk'] },
        {
          type: 'RECORD_VOTE',
          roles: ['head'],
          payload: { summoned: 10, present: 9, inFavour: 5 },
        },
        {
          type: 'RECORD_VOTE',
          roles: ['clerk'],
          payload: { summoned: 10, present: 9, inFavour: 5 },
        },
        { type: 'HEAD_DECIDE', roles: ['head'], payload: { outcome: 'approve' }, actorId: 'h1' },
      ],
    });
    expect(report.steps.map((step) => [step.event, step.accepted, step.state])).toEqual([
      ['CREATE', true, 'draft'],
      ['SUBMIT', true, 'review.ballot'],
      ['RECORD_VOTE', false, 'review.ballot'],
      ['RECORD_VOTE', true, 'review.tie'],
      ['HEAD_DECIDE', true, 'approved'],
    ]);
    expect(report.steps[2]).toMatchObject({ code: 'FORBIDDEN' });
    expect(report.steps[3]?.outcome).toMatchObject({ result: 'TIE' });
    expect(report.steps[4]).toMatchObject({
      actorId: 'h1',
      status: 'completed',
      result: 'approved',
    });
    expect(report).toMatchObject({
      accepted: 4,
      refused: 1,
      final: { state: 'approved', status: 'completed', result: 'approved' },
    });
  });

  it('is pure: the same request gives the same report', () => {
    const request = {
      subject: {},
      start: '2026-03-02T03:00:00.000Z',
      events: [{ type: 'SUBMIT', roles: ['clerk'] }],
    };
    expect(simulateWorkflow(compiled, request)).toEqual(simulateWorkflow(compiled, request));
  });
});
