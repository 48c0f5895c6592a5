/**
 * P1 (transitions through the service layer vs one-row transactions through the same driver)
 * and P4 (how P1's latency, one case's history, the audit export and chain verification hold as
 * the database grows). Run on SQLite (WAL file) and on PostgreSQL (P5).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { verifyChain, type HistoryEntryView } from '../src/service/history/chain.js';
import { applySqliteSettings, isPostgres } from '../src/service/database/data-source-options.js';
import { postgresSameWork, sqliteSameWork, type SameWork } from './same-work.js';
import { approverOf, type Seeder, type ServiceUnderBench } from './service.js';
import {
  benchSqliteSynchronous,
  figure,
  log,
  percentile,
  ratioOf,
  round,
  withRss,
  type Figure,
  type ThrowawayDatabase,
} from './support.js';

const BASELINE_PAYLOAD = JSON.stringify({
  event: 'APPROVE',
  hash: 'f'.repeat(64),
  comment: 'Đồng ý',
});

const nowNs = (): bigint => process.hrtime.bigint();
const secondsSince = (start: bigint): number => Number(nowNs() - start) / 1e9;

/** Cases at `vote` with two transitions left each, handed out in order. */
export class CasePool {
  private next = 0;
  constructor(private readonly ids: readonly string[]) {}
  get remaining(): number {
    return (this.ids.length - this.next) * 2;
  }
  /** Cases not yet handed out. */
  get remainingCases(): number {
    return this.ids.length - this.next;
  }
  take(): string | undefined {
    const id = this.ids[this.next];
    this.next += 1;
    return id;
  }
}

export interface EngineRun {
  readonly perSecond: number;
  readonly meanMs: number;
  readonly latenciesMs: number[];
}

/**
 * Walks cases of the pool vote → decision → done for `seconds` (each transition its own durable
 * transaction), taking at most `maxCases` cases so that every series of a run gets its share.
 */
const walkCases = async (
  pool: CasePool,
  seconds: number,
  maxCases: number,
  transition: (id: string, step: number) => Promise<unknown>,
): Promise<EngineRun> => {
  const latencies: number[] = [];
  const start = nowNs();
  let cases = 0;
  while (secondsSince(start) < seconds && cases < maxCases) {
    const id = pool.take();
    if (id === undefined) break;
    cases += 1;
    // vote → decision (schedules the decision deadline), decision → done (closes it).
    for (const step of [2, 3]) {
      const t0 = nowNs();
      await transition(id, step);
      latencies.push(Number(nowNs() - t0) / 1e6);
    }
  }
  const elapsed = secondsSince(start);
  return {
    perSecond: latencies.length / elapsed,
    meanMs: (elapsed * 1000) / latencies.length,
    latenciesMs: latencies,
  };
};

/** Sends transitions through `CasesService.sendEvent`, one after another. */
export const runEngine = (
  service: ServiceUnderBench,
  pool: CasePool,
  seconds: number,
  maxCases = Number.POSITIVE_INFINITY,
): Promise<EngineRun> =>
  walkCases(pool, seconds, maxCases, (id, step) =>
    service.cases.sendEvent(approverOf(service.cast, step), id, {
      type: 'APPROVE',
      comment: 'Đồng ý',
    }),
  );

/** The same transitions through the hand-written "same work" loop (bench/same-work.ts). */
export const runSameWork = (
  sameWork: SameWork,
  service: ServiceUnderBench,
  pool: CasePool,
  seconds: number,
  maxCases = Number.POSITIVE_INFINITY,
): Promise<EngineRun> =>
  walkCases(pool, seconds, maxCases, (id, step) => {
    const principal = approverOf(service.cast, step);
    return sameWork.step(id, { id: principal.id, roles: [...principal.roles] });
  });

/** The physical limit: a bare loop of one-row inserts, each its own transaction. */
export interface Baseline {
  readonly name: string;
  run(seconds: number): Promise<number>;
  close(): Promise<void>;
}

const timedLoop = async (seconds: number, insert: () => Promise<void> | void): Promise<number> => {
  let count = 0;
  const start = nowNs();
  while (secondsSince(start) < seconds) {
    await insert();
    count += 1;
  }
  return count / secondsSince(start);
};

export interface Baselines {
  readonly raw: Baseline;
  readonly typeorm: Baseline;
  /** The "same work" loop on the service's own tables (issue 12): P1's goal is against it. */
  readonly sameWork: SameWork;
}

export const closeBaselines = async (baselines: Baselines): Promise<void> => {
  await baselines.raw.close();
  await baselines.typeorm.close();
  await baselines.sameWork.close();
};

export const createBaselines = async (
  database: ThrowawayDatabase,
  dataSource: DataSource,
): Promise<Baselines> => {
  const postgres = isPostgres(dataSource);
  await dataSource.query(
    postgres
      ? 'CREATE TABLE bench_row (id bigserial PRIMARY KEY, payload text NOT NULL)'
      : 'CREATE TABLE bench_row (id integer PRIMARY KEY, payload text NOT NULL)',
  );
  const insertSql = `INSERT INTO bench_row (payload) VALUES (${postgres ? '$1' : '?'})`;
  const typeorm: Baseline = {
    name: postgres ? 'pg via TypeORM' : 'better-sqlite3 via TypeORM',
    // Same shape as the service's transactions (BEGIN [IMMEDIATE] … COMMIT), one row inside.
    run: (seconds) =>
      timedLoop(seconds, () =>
        dataSource.transaction((manager) => manager.query(insertSql, [BASELINE_PAYLOAD])),
      ),
    close: () => Promise.resolve(),
  };
  if (postgres) {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return {
      typeorm,
      sameWork: await postgresSameWork(database.url),
      raw: {
        name: 'pg (raw, autocommit)',
        run: (seconds) =>
          timedLoop(seconds, async () => {
            await client.query(insertSql, [BASELINE_PAYLOAD]);
          }),
        close: () => client.end(),
      },
    };
  }
  // A second connection to the same WAL file, with the service's settings (its synchronous level).
  const db = new Database(database.file ?? ':memory:');
  applySqliteSettings(db, benchSqliteSynchronous());
  const statement = db.prepare(insertSql);
  return {
    typeorm,
    sameWork: sqliteSameWork(database.file as string),
    raw: {
      name: 'better-sqlite3 (raw, autocommit)',
      run: (seconds) =>
        timedLoop(seconds, () => {
          statement.run(BASELINE_PAYLOAD);
        }),
      close: () => {
        db.close();
        return Promise.resolve();
      },
    },
  };
};

export interface P1Result {
  /** Engine / the "same work" loop (issue 12's goal: ≥ 0.5). */
  readonly same_work_ratio: number;
  readonly same_work_ratio_spread: Figure;
  readonly same_work_tx_per_s: Figure;
  readonly same_work: string;
  readonly engine_tx_per_s: Figure;
  readonly baseline_raw_tx_per_s: Figure;
  readonly baseline_typeorm_tx_per_s: Figure;
  readonly ratio: number;
  readonly ratio_spread: Figure;
  readonly ratio_typeorm: number;
  readonly latency_ms: { readonly mean: Figure; readonly p50: number; readonly p99: number };
  readonly transitions: number;
  readonly cases_in_database: number;
  readonly rss_mib: number;
  readonly baseline: string;
}

export const measureP1 = async (
  service: ServiceUnderBench,
  baselines: Baselines,
  pool: CasePool,
  options: { runs: number; seconds: number; casesInDatabase: number },
): Promise<P1Result> => {
  const engine: EngineRun[] = [];
  const sameWork: EngineRun[] = [];
  const raw: number[] = [];
  const typeorm: number[] = [];
  // Warm-up: compiled definition cache, prepared statements, JIT.
  await runEngine(service, pool, 0.2, 100);
  await runSameWork(baselines.sameWork, service, pool, 0.1, 100);
  await baselines.raw.run(0.1);
  await baselines.typeorm.run(0.1);
  const { rssMiB } = await withRss(async () => {
    // Interleaved, so that a slow moment of a shared machine hits every series alike.
    for (let run = 0; run < options.runs; run += 1) {
      // Both walks take cases from the pool: each gets at most its share of what is left.
      const share = Math.floor(pool.remainingCases / ((options.runs - run) * 2));
      engine.push(await runEngine(service, pool, options.seconds, share));
      sameWork.push(
        await runSameWork(baselines.sameWork, service, pool, options.seconds / 2, share),
      );
      raw.push(await baselines.raw.run(options.seconds / 2));
      typeorm.push(await baselines.typeorm.run(options.seconds / 2));
    }
  });
  const engineRates = engine.map((run) => run.perSecond);
  const sameWorkRates = sameWork.map((run) => run.perSecond);
  const all = engine.flatMap((run) => run.latenciesMs);
  const ratio = ratioOf(engineRates, raw);
  const sameWorkRatio = ratioOf(engineRates, sameWorkRates);
  return {
    same_work_ratio: sameWorkRatio.median,
    same_work_ratio_spread: sameWorkRatio,
    same_work_tx_per_s: figure(sameWorkRates),
    same_work: baselines.sameWork.name,
    engine_tx_per_s: figure(engineRates),
    baseline_raw_tx_per_s: figure(raw),
    baseline_typeorm_tx_per_s: figure(typeorm),
    ratio: ratio.median,
    ratio_spread: ratio,
    ratio_typeorm: ratioOf(engineRates, typeorm).median,
    latency_ms: {
      mean: figure(engine.map((run) => run.meanMs)),
      p50: round(percentile(all, 50)),
      p99: round(percentile(all, 99)),
    },
    transitions: all.length,
    cases_in_database: options.casesInDatabase,
    rss_mib: rssMiB,
    baseline: baselines.raw.name,
  };
};

interface HistoryRow {
  case_id: string;
  seq: number;
  at: string;
  event: string;
  from_state: string | null;
  to_state: string;
  actor_id: string;
  roles: string;
  payload: string;
  comment: string | null;
  outcome: string | null;
  prev_hash: string;
  hash: string;
}

const toView = (row: HistoryRow): HistoryEntryView => ({
  seq: Number(row.seq),
  caseId: row.case_id,
  at: row.at,
  event: row.event,
  from: row.from_state,
  to: row.to_state,
  actorId: row.actor_id,
  roles: JSON.parse(row.roles) as string[],
  payload: JSON.parse(row.payload) as HistoryEntryView['payload'],
  comment: row.comment,
  outcome: row.outcome === null ? null : (JSON.parse(row.outcome) as HistoryEntryView['outcome']),
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * Reads the history in primary-key order, a page at a time (keyset: no OFFSET), and hands each
 * page to `consume`; stops after `limit` entries.
 */
const readHistory = async (
  dataSource: DataSource,
  limit: number,
  consume: (rows: HistoryRow[]) => void,
): Promise<number> => {
  const postgres = isPostgres(dataSource);
  const page = 2000;
  let afterCase = '';
  let afterSeq = 0;
  let total = 0;
  while (total < limit) {
    const rows = await dataSource.query<HistoryRow[]>(
      `SELECT case_id, seq, at, event, from_state, to_state, actor_id, roles, payload, comment,
              outcome, prev_hash, hash
         FROM history_entry
        WHERE (case_id, seq) > (${postgres ? '$1, $2' : '?, ?'})
        ORDER BY case_id, seq
        LIMIT ${page}`,
      [afterCase, afterSeq],
    );
    if (rows.length === 0) break;
    consume(rows);
    total += rows.length;
    const last = rows[rows.length - 1] as HistoryRow;
    afterCase = last.case_id;
    afterSeq = Number(last.seq);
  }
  return total;
};

export interface GrowthPoint {
  readonly cases: number;
  readonly history_entries: number;
  readonly seed_seconds: number;
  readonly latency_ms: Figure;
  readonly tx_per_s: Figure;
  readonly p99_ms: number;
  readonly rss_mib: number;
}

export const measureGrowthPoint = async (
  service: ServiceUnderBench,
  pool: CasePool,
  options: { runs: number; seconds: number; cases: number; seedSeconds: number },
): Promise<GrowthPoint> => {
  await runEngine(service, pool, 0.2);
  const runs: EngineRun[] = [];
  const { rssMiB } = await withRss(async () => {
    for (let run = 0; run < options.runs; run += 1)
      runs.push(await runEngine(service, pool, options.seconds));
  });
  const [{ n }] = await service.dataSource.query<[{ n: number | string }]>(
    'SELECT COUNT(*) AS n FROM history_entry',
  );
  return {
    cases: options.cases,
    history_entries: Number(n),
    seed_seconds: round(options.seedSeconds, 1),
    latency_ms: figure(runs.map((run) => run.meanMs)),
    tx_per_s: figure(runs.map((run) => run.perSecond)),
    p99_ms: round(
      percentile(
        runs.flatMap((run) => run.latenciesMs),
        99,
      ),
    ),
    rss_mib: rssMiB,
  };
};

export const measureHistoryRead = async (
  service: ServiceUnderBench,
  ids: readonly string[],
  runs: number,
): Promise<{ ms: Figure; p99_ms: number; entries_per_case: number; rss_mib: number }> => {
  const perRun: number[] = [];
  const all: number[] = [];
  let entries = 0;
  const { rssMiB } = await withRss(async () => {
    for (let run = 0; run < runs; run += 1) {
      const times: number[] = [];
      for (const id of ids) {
        const t0 = nowNs();
        const history = await service.cases.history(service.cast.clerk, id);
        times.push(Number(nowNs() - t0) / 1e6);
        entries = history.length;
      }
      perRun.push(percentile(times, 50));
      all.push(...times);
    }
  });
  return {
    ms: figure(perRun),
    p99_ms: round(percentile(all, 99)),
    entries_per_case: entries,
    rss_mib: rssMiB,
  };
};

/**
 * The NDJSON audit export: keyset pages of the history table, each entry in the shape of the
 * history API, one JSON line each. (src/service/audit/ had no export route when this was
 * written; this is the read + serialisation such a route does, without the HTTP transfer.)
 */
export const measureExport = async (
  dataSource: DataSource,
  options: { runs: number; limit: number },
): Promise<{ entries_per_s: Figure; mib_per_s: Figure; entries: number; rss_mib: number }> => {
  const rates: number[] = [];
  const bandwidth: number[] = [];
  let entries = 0;
  const { rssMiB } = await withRss(async () => {
    for (let run = 0; run < options.runs; run += 1) {
      let bytes = 0;
      const start = nowNs();
      entries = await readHistory(dataSource, options.limit, (rows) => {
        let chunk = '';
        for (const row of rows) chunk += `${JSON.stringify(toView(row))}\n`;
        bytes += Buffer.byteLength(chunk);
      });
      const elapsed = secondsSince(start);
      rates.push(entries / elapsed);
      bandwidth.push(bytes / 1024 / 1024 / elapsed);
    }
  });
  return {
    entries_per_s: figure(rates),
    mib_per_s: figure(bandwidth),
    entries,
    rss_mib: rssMiB,
  };
};

/**
 * The audit export as a client gets it: `GET /api/audit/transitions?format=ndjson` over loopback,
 * the whole body read and its lines counted. `from`/`to` bound the selection to about `limit`
 * entries of the seeded years (cases ten minutes apart, three entries each). Null when the route
 * does not exist in this build.
 */
export const measureExportHttp = async (
  service: ServiceUnderBench,
  options: { runs: number; limit: number },
): Promise<{
  entries_per_s: Figure;
  mib_per_s: Figure;
  entries: number;
  rss_mib: number;
} | null> => {
  await service.app.listen(0, '127.0.0.1');
  const address = service.app.getHttpServer().address() as { port: number };
  const base = Date.parse('2016-01-01T00:00:00.000Z');
  const to = new Date(base + Math.ceil(options.limit / 3) * 600_000).toISOString();
  const url =
    `http://127.0.0.1:${address.port}/api/audit/transitions?format=ndjson` +
    `&from=2016-01-01T00:00:00.000Z&to=${encodeURIComponent(to)}`;
  const exportOnce = async (): Promise<{ entries: number; bytes: number } | null> => {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${service.tokens.auditor}` },
    });
    if (response.status === 404 || !response.body) return null;
    if (response.status !== 200) throw new Error(`audit export answered ${response.status}`);
    let entries = 0;
    let bytes = 0;
    for await (const chunk of response.body) {
      const buffer = Buffer.from(chunk as Uint8Array);
      bytes += buffer.byteLength;
      // Lines counted with indexOf (a byte-by-byte loop here cost more than the export itself).
      for (let at = buffer.indexOf(10); at !== -1; at = buffer.indexOf(10, at + 1)) entries += 1;
    }
    return { entries, bytes };
  };
  if ((await exportOnce()) === null) return null;
  const rates: number[] = [];
  const bandwidth: number[] = [];
  let entries = 0;
  const { rssMiB } = await withRss(async () => {
    for (let run = 0; run < options.runs; run += 1) {
      const start = nowNs();
      const result = (await exportOnce()) as { entries: number; bytes: number };
      const elapsed = secondsSince(start);
      entries = result.entries;
      rates.push(result.entries / elapsed);
      bandwidth.push(result.bytes / 1024 / 1024 / elapsed);
    }
  });
  return { entries_per_s: figure(rates), mib_per_s: figure(bandwidth), entries, rss_mib: rssMiB };
};

/** `verifyChain` over whole cases: the pure rate (entries in memory) and with the reading. */
export const measureVerify = async (
  dataSource: DataSource,
  options: { runs: number; limit: number },
): Promise<{
  entries_per_s: Figure;
  with_read_entries_per_s: Figure;
  entries: number;
  invalid_chains: number;
  rss_mib: number;
}> => {
  const pure: number[] = [];
  const withRead: number[] = [];
  let entries = 0;
  let invalid = 0;
  const { rssMiB } = await withRss(async () => {
    for (let run = 0; run < options.runs; run += 1) {
      let verifyNs = 0n;
      invalid = 0;
      let pending: HistoryEntryView[] = [];
      const verify = (chain: HistoryEntryView[]) => {
        const t0 = nowNs();
        const result = verifyChain(chain);
        verifyNs += nowNs() - t0;
        if (!result.valid) invalid += 1;
      };
      const start = nowNs();
      entries = await readHistory(dataSource, options.limit, (rows) => {
        for (const row of rows) {
          const view = toView(row);
          if (pending.length > 0 && pending[0]?.caseId !== view.caseId) {
            verify(pending);
            pending = [];
          }
          pending.push(view);
        }
      });
      if (pending.length > 0) verify(pending);
      const elapsed = secondsSince(start);
      pure.push(entries / (Number(verifyNs) / 1e9));
      withRead.push(entries / elapsed);
    }
  });
  return {
    entries_per_s: figure(pure),
    with_read_entries_per_s: figure(withRead),
    entries,
    invalid_chains: invalid,
    rss_mib: rssMiB,
  };
};

export const seedWithTiming = async (
  seeder: Seeder,
  total: number,
  keepIds: number,
): Promise<{ ids: string[]; seconds: number }> => {
  const start = nowNs();
  const ids = await seeder.seedTo(total, keepIds);
  const seconds = secondsSince(start);
  log(`seeded ${total} cases in ${seconds.toFixed(1)} s`);
  return { ids, seconds };
};
