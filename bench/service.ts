/**
 * The product, in-process: the NestJS application as `createApp` builds it (no HTTP listener),
 * with the benchmark's procedure published, a cast of principals, and a bulk seeder that writes
 * cases with valid hash chains straight into the tables (fast, not through the API).
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { hashEntry, type HistoryEntryView } from '../src/service/history/chain.js';
import type { AuthenticatedPrincipal } from '../src/service/auth/authenticated-principal.js';
import type { PrincipalRole } from '../src/service/auth/principal-roles.js';
import { PrincipalsService } from '../src/service/auth/principals.service.js';
import { SYSTEM_ACTOR } from '../src/service/audit/system-log.js';
import { createApp } from '../src/service/bootstrap.js';
import { CasesService } from '../src/service/cases/cases.service.js';
import { isPostgres } from '../src/service/database/data-source-options.js';

export const BENCH_WORKFLOW = 'bench-approval';
export const BENCH_WORKFLOWS_DIR = join(process.cwd(), 'bench', 'workflows');

export interface Cast {
  readonly clerk: AuthenticatedPrincipal;
  readonly authority: AuthenticatedPrincipal;
  readonly board: AuthenticatedPrincipal;
  readonly inspection: AuthenticatedPrincipal;
}

export interface CastTokens {
  readonly auditor: string;
  readonly clerk: string;
  readonly authority: string;
  readonly board: string;
  readonly inspection: string;
}

/** Who approves each of the four steps (proposal, vetting, vote, decision). */
export const approverOf = <T>(cast: { authority: T; board: T; inspection: T }, step: number): T =>
  [cast.authority, cast.board, cast.inspection, cast.authority][step] as T;

export interface ServiceUnderBench {
  readonly app: NestFastifyApplication;
  readonly cases: CasesService;
  readonly dataSource: DataSource;
  readonly cast: Cast;
  readonly tokens: CastTokens;
  readonly adminToken: string;
  close(): Promise<void>;
}

export const startService = async (
  databaseUrl: string,
  options: { withHttp?: boolean; workflowsDir?: string } = {},
): Promise<ServiceUnderBench> => {
  process.env.WORKFLOWS_DIR = options.workflowsDir ?? BENCH_WORKFLOWS_DIR;
  const adminToken = `cf_bench_${randomBytes(24).toString('base64url')}`;
  const app = await createApp({
    databaseUrl,
    adminToken,
    logger: ['error', 'fatal'],
    // The request log is written as in production (two JSON lines per request, its cost is
    // measured) but not shown: where a deployment sends it is no part of the service.
    requestLog: { stream: { write: () => undefined } },
  });
  await app.init();
  if (options.withHttp) await app.getHttpAdapter().getInstance().ready();
  const principals = app.get(PrincipalsService);
  const make = async (name: string, roles: PrincipalRole[]) => {
    const created = await principals.create({ name, roles }, SYSTEM_ACTOR);
    const found = await principals.findByToken(created.token);
    if (!found) throw new Error(`bench principal ${name} was not found by its token`);
    const principal: AuthenticatedPrincipal = found;
    return { principal, token: created.token };
  };
  const clerk = await make('bench clerk', ['clerk']);
  const authority = await make('bench authority', ['authority']);
  const board = await make('bench board', ['organization_board']);
  const inspection = await make('bench inspection', ['inspection_commission']);
  const auditor = await make('bench auditor', ['auditor']);
  return {
    app,
    cases: app.get(CasesService),
    dataSource: app.get<DataSource>(getDataSourceToken()),
    cast: {
      clerk: clerk.principal,
      authority: authority.principal,
      board: board.principal,
      inspection: inspection.principal,
    },
    tokens: {
      auditor: auditor.token,
      clerk: clerk.token,
      authority: authority.token,
      board: board.token,
      inspection: inspection.token,
    },
    adminToken,
    close: () => app.close(),
  };
};

interface ParsedEntry {
  readonly event: string;
  readonly from: string | null;
  readonly to: string;
  readonly actorId: string;
  readonly roles: string;
  readonly payload: string;
  readonly comment: string | null;
  readonly outcome: string | null;
  readonly rolesValue: string[];
  readonly payloadValue: HistoryEntryView['payload'];
  readonly outcomeValue: HistoryEntryView['outcome'];
}

interface TemplateRow {
  readonly snapshot: string;
  readonly state: string;
  readonly workflowVersion: number;
  readonly subject: string;
  readonly data: string;
  readonly entries: readonly {
    event: string;
    from: string | null;
    to: string;
    actorId: string;
    roles: string;
    payload: string;
    comment: string | null;
    outcome: string | null;
  }[];
}

/**
 * Bulk-writes `count` cases, each a copy of a real case walked by the service to `stepsDone`
 * approvals (so its snapshot is one the engine produced), with its own id, times and a history
 * chain whose hashes are recomputed for it: `verifyChain` accepts every seeded case.
 */
export class Seeder {
  private template: TemplateRow | undefined;
  private seeded = 0;

  constructor(
    private readonly service: ServiceUnderBench,
    private readonly stepsDone = 2,
    /** The page cache the measurements run with (SQLite's default, 2 MiB, unless a diagnostic). */
    private readonly sqliteCacheMiB?: number,
  ) {}

  get count(): number {
    return this.seeded;
  }

  private async loadTemplate(): Promise<TemplateRow> {
    if (this.template) return this.template;
    const { cases, cast, dataSource } = this.service;
    const opened = await cases.open(cast.clerk, {
      workflow: BENCH_WORKFLOW,
      subject: { title: 'Bổ nhiệm Giám đốc Sở (mẫu)' },
    });
    for (let step = 0; step < this.stepsDone; step += 1) {
      await cases.sendEvent(approverOf(cast, step), opened.id, {
        type: 'APPROVE',
        comment: 'Đồng ý',
      });
    }
    const p = isPostgres(dataSource) ? ['$1'] : ['?'];
    const [row] = await dataSource.query<
      { snapshot: string; state: string; workflow_version: number; subject: string; data: string }[]
    >(
      `SELECT snapshot, state, workflow_version, subject, data FROM workflow_case WHERE id = ${p[0]}`,
      [opened.id],
    );
    const entries = await dataSource.query<
      {
        event: string;
        from_state: string | null;
        to_state: string;
        actor_id: string;
        roles: string;
        payload: string;
        comment: string | null;
        outcome: string | null;
      }[]
    >(
      `SELECT event, from_state, to_state, actor_id, roles, payload, comment, outcome
         FROM history_entry WHERE case_id = ${p[0]} ORDER BY seq`,
      [opened.id],
    );
    if (!row) throw new Error('the template case was not found');
    this.template = {
      snapshot: row.snapshot,
      state: row.state,
      workflowVersion: Number(row.workflow_version),
      subject: row.subject,
      data: row.data,
      entries: entries.map((entry) => ({
        event: entry.event,
        from: entry.from_state,
        to: entry.to_state,
        actorId: entry.actor_id,
        roles: entry.roles,
        payload: entry.payload,
        comment: entry.comment,
        outcome: entry.outcome,
      })),
    };
    this.seeded += 1;
    return this.template;
  }

  /**
   * SQLite: prepared one-row statements on the driver's own connection, one transaction per batch
   * (nothing else runs while seeding). A larger page cache while seeding only; restored after.
   */
  private insertSqlite(
    cases: number,
    entriesPerCase: number,
    caseValues: unknown[],
    historyValues: unknown[],
  ): void {
    const db = this.sqliteConnection();
    const insertCase = db.prepare(
      `INSERT INTO workflow_case (id, workflow_key, workflow_version, state, status, result,
         revision, subject, data, snapshot, head_hash, overdue, created_by, created_at, updated_at)
       VALUES (${placeholders(1, 15, false).slice(1, -1)})`,
    );
    const insertEntry = db.prepare(
      `INSERT INTO history_entry (case_id, seq, workflow_key, at, event, from_state, to_state,
         actor_id, roles, payload, comment, outcome, prev_hash, hash)
       VALUES (${placeholders(1, 14, false).slice(1, -1)})`,
    );
    db.transaction(() => {
      for (let i = 0; i < cases; i += 1) insertCase.run(...caseValues.slice(i * 15, i * 15 + 15));
      for (let i = 0; i < cases * entriesPerCase; i += 1)
        insertEntry.run(...historyValues.slice(i * 14, i * 14 + 14));
    })();
  }

  private sqliteConnection(): SqliteConnection {
    return (this.service.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
  }

  /** Adds cases until there are `total`; returns the ids of the new ones. */
  async seedTo(total: number, keepIds = 0): Promise<string[]> {
    const template = await this.loadTemplate();
    const postgres = isPostgres(this.service.dataSource);
    const kept: string[] = [];
    const parsed: ParsedEntry[] = template.entries.map((entry) => ({
      ...entry,
      rolesValue: JSON.parse(entry.roles) as string[],
      payloadValue: JSON.parse(entry.payload) as HistoryEntryView['payload'],
      outcomeValue:
        entry.outcome === null ? null : (JSON.parse(entry.outcome) as HistoryEntryView['outcome']),
    }));
    // SQLite: a larger page cache while seeding only (random-key index inserts); restored after,
    // so that the measurements run with the service's own cache (or the diagnostic's).
    const serviceCache = postgres
      ? null
      : (this.sqliteConnection().pragma('cache_size', { simple: true }) as number);
    if (!postgres) this.sqliteConnection().pragma('cache_size = -262144');
    try {
      await this.seedBatches(total, keepIds, kept, template, parsed, postgres);
    } finally {
      if (serviceCache !== null)
        this.sqliteConnection().pragma(
          `cache_size = ${this.sqliteCacheMiB === undefined ? serviceCache : -this.sqliteCacheMiB * 1024}`,
        );
    }
    // Leave the database as a long-running service would have it, so that the measurements do
    // not pay for the bulk load: the WAL checkpointed (SQLite), planner statistics fresh (as
    // autovacuum keeps them on PostgreSQL).
    if (postgres) await this.service.dataSource.query('ANALYZE workflow_case, history_entry');
    else this.sqliteConnection().pragma('wal_checkpoint(TRUNCATE)');
    return kept;
  }

  private async seedBatches(
    total: number,
    keepIds: number,
    kept: string[],
    template: TemplateRow,
    parsed: ParsedEntry[],
    postgres: boolean,
  ): Promise<void> {
    const { dataSource } = this.service;
    const base = Date.parse('2016-01-01T00:00:00.000Z');
    const createdBy = this.service.cast.clerk.id;
    // PostgreSQL allows 65,535 parameters per statement: 1,000 cases × 3 entries × 14 fits.
    const batch = 1000;
    while (this.seeded < total) {
      const size = Math.min(batch, total - this.seeded);
      const caseValues: unknown[] = [];
      const historyValues: unknown[] = [];
      for (let i = 0; i < size; i += 1) {
        const index = this.seeded + i;
        const id = randomUUID();
        if (kept.length < keepIds) kept.push(id);
        // Ten minutes between cases, a minute between steps: years of cases, in order.
        const openedAt = base + index * 600_000;
        let prevHash = '0'.repeat(64);
        let at = '';
        parsed.forEach((entry, j) => {
          at = new Date(openedAt + j * 60_000).toISOString();
          const view = {
            seq: j + 1,
            caseId: id,
            at,
            event: entry.event,
            from: entry.from,
            to: entry.to,
            actorId: entry.actorId,
            roles: entry.rolesValue,
            payload: entry.payloadValue,
            comment: entry.comment,
            outcome: entry.outcomeValue,
            prevHash,
          };
          const hash = hashEntry(view);
          historyValues.push(
            id,
            j + 1,
            BENCH_WORKFLOW,
            at,
            entry.event,
            entry.from,
            entry.to,
            entry.actorId,
            entry.roles,
            entry.payload,
            entry.comment,
            entry.outcome,
            prevHash,
            hash,
          );
          prevHash = hash;
        });
        caseValues.push(
          id,
          BENCH_WORKFLOW,
          template.workflowVersion,
          template.state,
          'active',
          null,
          parsed.length,
          template.subject,
          template.data,
          template.snapshot,
          prevHash,
          0,
          createdBy,
          new Date(openedAt).toISOString(),
          at,
        );
      }
      if (!postgres) {
        this.insertSqlite(size, parsed.length, caseValues, historyValues);
        this.seeded += size;
        continue;
      }
      await dataSource.transaction(async (manager) => {
        await manager.query(
          `INSERT INTO workflow_case (id, workflow_key, workflow_version, state, status, result,
             revision, subject, data, snapshot, head_hash, overdue, created_by, created_at, updated_at)
           VALUES ${placeholders(size, 15, postgres)}`,
          caseValues,
        );
        await manager.query(
          `INSERT INTO history_entry (case_id, seq, workflow_key, at, event, from_state, to_state,
             actor_id, roles, payload, comment, outcome, prev_hash, hash)
           VALUES ${placeholders(size * parsed.length, 14, postgres)}`,
          historyValues,
        );
      });
      this.seeded += size;
    }
  }
}

type SqliteConnection = {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  transaction(work: () => void): () => void;
  pragma(sql: string, options?: { simple: boolean }): unknown;
};

const placeholders = (rows: number, columns: number, postgres: boolean): string => {
  const groups: string[] = [];
  let n = 0;
  for (let r = 0; r < rows; r += 1) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c += 1) {
      n += 1;
      cells.push(postgres ? `$${n}` : '?');
    }
    groups.push(`(${cells.join(',')})`);
  }
  return groups.join(',');
};
