/**
 * A client an integrator would write: generated types (`schema.d.ts`, from the served OpenAPI
 * document by openapi-typescript) and openapi-fetch, under `tsc --strict`. `npm run api:check`
 * regenerates the types and fails when they drift from this committed copy; this file then
 * stops compiling if a route, a header or a response changes shape under it.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type ErrorCode = components['schemas']['ErrorCode'];
export type CaseView = components['schemas']['CaseResponseDto'];

export interface WalkResult {
  opened: CaseView;
  afterFirst: CaseView;
  replayed: CaseView;
  afterSecond: CaseView;
  historyEvents: string[];
  refusal: { status: number; code: ErrorCode };
}

/** Opens an appointment, sends two events (with and without a key), reads history, meets a refusal. */
export async function walkAppointment(
  baseUrl: string,
  clerkToken: string,
  subject: Record<string, unknown>,
): Promise<WalkResult> {
  const client = createClient<paths>({
    baseUrl,
    headers: { authorization: `Bearer ${clerkToken}` },
  });
  const opened = await client.POST('/api/cases', {
    body: { workflow: 'appointment', subject },
  });
  if (!opened.data) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  const id = opened.data.id;

  const submit = {
    type: 'SUBMIT',
    payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
  };
  // With an Idempotency-Key, twice: the second answer is the first one, nothing changes.
  const first = await client.POST('/api/cases/{id}/events', {
    params: { path: { id }, header: { 'Idempotency-Key': `walk-${id}` } },
    body: submit,
  });
  if (!first.data) throw new Error(`event failed: ${JSON.stringify(first.error)}`);
  const replay = await client.POST('/api/cases/{id}/events', {
    params: { path: { id }, header: { 'Idempotency-Key': `walk-${id}` } },
    body: submit,
  });
  if (!replay.data) throw new Error(`replay failed: ${JSON.stringify(replay.error)}`);

  // Without the key: the header is optional in the contract.
  const second = await client.POST('/api/cases/{id}/events', {
    params: { path: { id } },
    body: { type: 'WITHDRAW', payload: { reason: 'Kiểm thử hợp đồng API' } },
  });
  if (!second.data) throw new Error(`withdraw failed: ${JSON.stringify(second.error)}`);

  const history = await client.GET('/api/cases/{id}/history', { params: { path: { id } } });
  if (!history.data) throw new Error(`history failed: ${JSON.stringify(history.error)}`);

  // A typed error: the case is closed, so any event is refused with a code of the enum.
  const refused = await client.POST('/api/cases/{id}/events', {
    params: { path: { id } },
    body: { type: 'SUBMIT', payload: {} },
  });
  if (refused.data || !refused.error) throw new Error('an event on a closed case was accepted');
  const code: ErrorCode = refused.error.code;

  return {
    opened: opened.data,
    afterFirst: first.data,
    replayed: replay.data,
    afterSecond: second.data,
    historyEvents: history.data.map((entry) => entry.event),
    refusal: { status: refused.response.status, code },
  };
}
