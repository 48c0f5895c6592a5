/**
 * A plain HTTP client for service processes (Node's fetch): counts every request and every 5xx,
 * and retries through connection failures (the process was killed) with the same request —
 * hence the same Idempotency-Key — until the service answers.
 */
import { appointmentSubject, appointmentWalk } from '../../support/case-fixtures.js';
import { cadre } from '../../support/engine-fixtures.js';

export interface Answer {
  status: number;
  body: unknown;
}

export interface Principal {
  id: string;
  roles: string[];
  token: string;
}

export interface ClientStats {
  requests: number;
  /** Requests that got no answer: refused or cut by a kill. */
  connectionFailures: number;
  /** Of those, requests that reached the service and were cut by a kill before the answer. */
  cutInFlight: number;
  serverErrors: Array<{ method: string; path: string; status: number; body: unknown }>;
}

export const newStats = (): ClientStats => ({
  requests: 0,
  connectionFailures: 0,
  cutInFlight: 0,
  serverErrors: [],
});

// fetch fails with a TypeError whose cause carries the socket error code (no instanceof: under
// Jest the error comes from another realm).
const refused = (error: unknown): boolean =>
  (error as { cause?: { code?: unknown } } | null)?.cause?.code === 'ECONNREFUSED';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RequestOptions {
  token: string;
  body?: unknown;
  idempotencyKey?: string;
  /** Retry until answered (default); false: one attempt, a connection failure throws. */
  retry?: boolean;
}

export class ServiceClient {
  constructor(
    /** One base URL per service process; requests go to `baseUrls[via]`. */
    readonly baseUrls: readonly string[],
    readonly stats: ClientStats = newStats(),
    /** How long to keep retrying a request whose service does not answer. */
    private readonly retryForMs = 120_000,
  ) {}

  async request(
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions,
    via = 0,
  ): Promise<Answer> {
    const base = this.baseUrls[via];
    if (base === undefined) throw new Error(`no service process #${via}`);
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const init = {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    };
    const started = Date.now();
    for (;;) {
      this.stats.requests += 1;
      try {
        const response = await fetch(`${base}${path}`, {
          ...init,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        const body: unknown = text === '' ? null : JSON.parse(text);
        if (response.status >= 500) {
          this.stats.serverErrors.push({ method, path, status: response.status, body });
        }
        return { status: response.status, body };
      } catch (error) {
        this.stats.connectionFailures += 1;
        if (!refused(error)) this.stats.cutInFlight += 1;
        if (options.retry === false || Date.now() - started > this.retryForMs) throw error;
        await sleep(200);
      }
    }
  }

  /** A request that must answer `expected`, returning its body. */
  async expect<T>(
    expected: number,
    method: 'GET' | 'POST',
    path: string,
    options: RequestOptions,
    via = 0,
  ): Promise<T> {
    const answer = await this.request(method, path, options, via);
    if (answer.status !== expected) {
      throw new Error(
        `${method} ${path}: expected ${expected}, got ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body as T;
  }
}

export interface ReliabilityCast {
  clerk: Principal;
  board: Principal;
  inspection: Principal;
  authority: Principal;
  auditor: Principal;
}

export const createReliabilityCast = async (
  client: ServiceClient,
  adminToken: string,
): Promise<ReliabilityCast> => {
  const create = (roles: string[], name: string) =>
    client.expect<Principal>(201, 'POST', '/api/principals', {
      token: adminToken,
      body: { name, roles },
    });
  return {
    clerk: await create(['clerk'], 'Chuyên viên'),
    board: await create(['organization_board'], 'Ban Tổ chức'),
    inspection: await create(['inspection_commission'], 'Ủy ban Kiểm tra'),
    authority: await create(['authority'], 'Cấp có thẩm quyền'),
    auditor: await create(['auditor'], 'Kiểm toán viên'),
  };
};

export interface WalkStep {
  by: Principal;
  type: string;
  payload: unknown;
}

/** The appointment from proposal.policy to appointed: test/support/case-fixtures.ts's walk. */
export const appointmentSteps = (cast: ReliabilityCast): WalkStep[] => appointmentWalk(cast);

/** The number of appointment steps that lead from proposal.policy to vetting.review. */
export const STEPS_TO_VETTING = 7;

export const appointmentOpening = { workflow: 'appointment', subject: appointmentSubject() };

export const resignationOpening = {
  workflow: 'resignation',
  subject: {
    cadre: cadre({ id: 'x1', fullName: 'Phạm Văn D' }),
    position: { title: 'Giám đốc Sở Y tế', unit: 'Sở Y tế tỉnh X' },
  },
};

export const RESIGNATION_SUBMIT = {
  type: 'SUBMIT',
  payload: { ground: 'personal', letterReceivedOn: '2025-01-20' },
};

/**
 * A definition whose deadline fires an event that a second firing would be accepted too:
 * `waiting` --NUDGE--> `nudged` --NUDGE--> `nudgedAgain`. A deadline fired twice would leave two
 * NUDGE entries, so "fired exactly once" is observable from the history alone.
 */
export const REMINDER_DEFINITION = {
  key: 'reliability-reminder',
  version: 1,
  title: { vi: 'Nhắc việc (kiểm thử độ tin cậy)', en: 'Reminder (reliability tests)' },
  regulation: 'test',
  initial: 'waiting',
  states: {
    waiting: {
      deadlines: [{ name: 'reply', amount: 1, unit: 'WORKING_DAY', onExpiry: { event: 'NUDGE' } }],
      on: {
        NUDGE: { roles: ['system'], target: 'nudged' },
        REPLY: { roles: ['clerk'], target: 'done' },
      },
    },
    nudged: {
      on: {
        NUDGE: { roles: ['system'], target: 'nudgedAgain' },
        REPLY: { roles: ['clerk'], target: 'done' },
      },
    },
    nudgedAgain: { on: { REPLY: { roles: ['clerk'], target: 'done' } } },
    done: { type: 'final' },
  },
};

export const publishReminderDefinition = async (
  client: ServiceClient,
  adminToken: string,
): Promise<void> => {
  const answer = await client.request('POST', '/api/workflows', {
    token: adminToken,
    body: REMINDER_DEFINITION,
  });
  if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
};
