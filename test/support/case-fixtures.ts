/** HTTP-level helpers for case tests: principals for every role, subjects, and event sending. */
import type { Test } from 'supertest';
import { Clock } from '../../src/service/common/clock.js';
import { cadre } from './engine-fixtures.js';
import type { TestApp, TestPrincipal } from './test-app.js';

export interface Cast {
  clerk: TestPrincipal;
  clerk2: TestPrincipal;
  board: TestPrincipal;
  inspection: TestPrincipal;
  head: TestPrincipal;
  authority: TestPrincipal;
  auditor: TestPrincipal;
}

export async function createCast(t: TestApp): Promise<Cast> {
  return {
    clerk: await t.createPrincipal(['clerk'], 'Chuyên viên A'),
    clerk2: await t.createPrincipal(['clerk'], 'Chuyên viên B'),
    board: await t.createPrincipal(['organization_board'], 'Ban Tổ chức'),
    inspection: await t.createPrincipal(['inspection_commission'], 'Ủy ban Kiểm tra'),
    head: await t.createPrincipal(['head'], 'Người đứng đầu'),
    authority: await t.createPrincipal(['authority'], 'Cấp có thẩm quyền'),
    auditor: await t.createPrincipal(['auditor'], 'Kiểm toán viên'),
  };
}

export const bearer = (principal: { token: string }) => `Bearer ${principal.token}`;

export function appointmentSubject() {
  return {
    position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
    candidates: [
      cadre({ id: 'c1', fullName: 'Nguyễn Văn A' }),
      cadre({ id: 'c2', fullName: 'Trần Thị B', gender: 'female', dateOfBirth: '1982-02-01' }),
      cadre({ id: 'c3', fullName: 'Lê Văn C', inPlanning: false }),
    ],
  };
}

export interface CaseBody {
  id: string;
  state: string;
  status: string;
  revision: number;
  outcome?: string;
  overdue: boolean;
  facts: Record<string, unknown>;
  deadlines: Array<{
    name: string;
    status: string;
    dueOn: string | null;
    unit: string;
    amount: number;
    extensions: number;
  }>;
  pendingApprovals: Array<{ role: string }>;
  availableEvents: Array<{ type: string }>;
}

export async function openAppointment(t: TestApp, clerk: TestPrincipal): Promise<CaseBody> {
  const response = await t.http
    .post('/api/cases')
    .set('Authorization', bearer(clerk))
    .send({ workflow: 'appointment', subject: appointmentSubject() })
    .expect(201);
  return response.body as CaseBody;
}

export function sendEvent(
  t: TestApp,
  principal: TestPrincipal,
  caseId: string,
  body: { type: string; payload?: unknown; comment?: string; expectedRevision?: number },
  idempotencyKey?: string,
): Test {
  const request = t.http
    .post(`/api/cases/${caseId}/events`)
    .set('Authorization', bearer(principal));
  if (idempotencyKey !== undefined) request.set('Idempotency-Key', idempotencyKey);
  return request.send(body);
}

/** Who sends the appointment's events: any principal shape (HTTP tests, child-process tests). */
export interface AppointmentCast<P> {
  clerk: P;
  board: P;
  inspection: P;
  authority: P;
}

/** The events that walk an appointment from proposal.policy to appointed, and who sends each. */
export function appointmentWalk<P>(cast: AppointmentCast<P>) {
  return [
    {
      by: cast.clerk,
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
      to: 'proposal.policyReview',
    },
    { by: cast.authority, type: 'APPROVE', payload: {}, to: 'proposal.eligibility' },
    {
      by: cast.clerk,
      type: 'SUBMIT',
      payload: { eligible: ['c1', 'c2'] },
      to: 'proposal.nomination',
    },
    {
      by: cast.clerk,
      type: 'RECORD_VOTE',
      payload: {
        summoned: 30,
        present: 25,
        candidates: [
          { id: 'c1', votes: 15 },
          { id: 'c2', votes: 10 },
        ],
      },
      to: 'proposal.leadershipNomination.ballot',
    },
    {
      by: cast.clerk,
      type: 'RECORD_VOTE',
      payload: {
        summoned: 9,
        present: 9,
        candidates: [
          { id: 'c1', votes: 6 },
          { id: 'c2', votes: 3 },
        ],
      },
      to: 'proposal.keyOfficialsOpinion',
    },
    {
      by: cast.clerk,
      type: 'RECORD_VOTE',
      payload: { summoned: 30, present: 25, inFavour: 20, against: 5 },
      to: 'proposal.leadershipVote.ballot',
    },
    {
      by: cast.clerk,
      type: 'RECORD_VOTE',
      payload: { summoned: 9, present: 9, inFavour: 6, against: 3 },
      to: 'vetting.review',
    },
    { by: cast.board, type: 'APPROVE', payload: {}, to: 'vetting.review' },
    { by: cast.inspection, type: 'APPROVE', payload: {}, to: 'vote.ballot' },
    {
      by: cast.clerk,
      type: 'RECORD_VOTE',
      payload: { summoned: 17, present: 15, inFavour: 9, against: 6 },
      to: 'decision',
    },
    {
      by: cast.authority,
      type: 'ISSUE_DECISION',
      // Signed before it is recorded under any test clock (QĐ 377 profile: signedOn ≤ the day recorded).
      payload: { decisionNumber: '123/QĐ-UBND', signedOn: '2024-12-20', effectiveOn: '2026-04-01' },
      to: 'appointed',
    },
  ];
}

/** A clock the test moves by hand. */
export class TestClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string): void {
    this.current = new Date(instant);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}
