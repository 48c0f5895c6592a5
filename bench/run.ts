/**
 * `npm run bench` (full, < 20 min) and `npm run bench -- --quick` (< 3 min): measures P1–P5 of
 * issue 7 and writes bench/results/latest.{json,md} plus a dated copy. Every figure is the median
 * of several runs with its spread, and every goal is a ratio to a baseline of the same run.
 * `--only=p1,p2,p3,p4,p5` runs a subset (the results then say which parts are missing).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  CasePool,
  closeBaselines,
  createBaselines,
  measureExport,
  measureExportHttp,
  measureHistoryRead,
  measureP1,
  measureVerify,
  seedWithTiming,
  type P1Result,
} from './engine-bench.js';
import { measureP2, stopAllServers, type P2Result } from './http-bench.js';
import { measureP3, type P3Result } from './peer-bench.js';
import { measureRegistry, type RegistryBenchResult } from './registry-bench.js';
import { renderMarkdown } from './report.js';
import { Seeder, startService } from './service.js';
import {
  benchSqliteSynchronous,
  createDatabase,
  dropAllDatabases,
  log,
  machine,
  parseOptions,
  postgresAvailable,
  round,
  withRss,
  type BenchOptions,
  type DatabaseKind,
} from './support.js';

export interface P4Result {
  readonly latency_growth: number;
  readonly history_ms_1m: number;
  readonly export_per_s: number;
  readonly verify_per_s: number;
  readonly small_cases: number;
  readonly large_cases: number;
  readonly note: string;
  readonly small: P1Result;
  readonly large: P1Result;
  readonly seed: { seconds: number; cases_per_s: number; rss_mib: number };
  readonly history: Awaited<ReturnType<typeof measureHistoryRead>>;
  readonly export: Awaited<ReturnType<typeof measureExport>> & { method: string };
  readonly verify: Awaited<ReturnType<typeof measureVerify>>;
}

export interface DatabaseResults {
  p1?: P1Result;
  p2?: P2Result;
  p3?: P3Result;
  p4?: P4Result;
  registry?: RegistryBenchResult;
}

/**
 * Diagnostic only: BENCH_SQLITE_CACHE_MIB sets SQLite's page cache on the service's connection
 * (the service's own is SQLITE_CACHE_KIB, 64 MiB), to see how much of P4's growth is cache misses.
 */
const sqliteCacheMiB = process.env.BENCH_SQLITE_CACHE_MIB
  ? Number(process.env.BENCH_SQLITE_CACHE_MIB)
  : undefined;

const wants = (options: BenchOptions, part: string): boolean =>
  options.only === null || options.only.has(part);

/** P1, P3 (SQLite only) and P4 on one throw-away database, the service in-process. */
const inProcess = async (
  kind: DatabaseKind,
  options: BenchOptions,
  results: DatabaseResults,
): Promise<void> => {
  const small = 10_000;
  // --quick: 30k (seeding 1M takes minutes). PostgreSQL seeds about 2k cases/s here, so its
  // full-run size is 200k by default to stay within 20 minutes; --pg-large=1000000 for 1M.
  const large = options.quick ? 30_000 : kind === 'postgres' ? options.pgLarge : 1_000_000;
  const seconds = options.quick ? 0.75 : 1.5;
  const database = await createDatabase(kind);
  const service = await startService(database.url);
  try {
    const seeder = new Seeder(service, 2, sqliteCacheMiB);
    const seeded = await seedWithTiming(seeder, small, small);
    const pool = new CasePool(seeded.ids);
    const baselines = await createBaselines(database, service.dataSource);
    try {
      log(`P1 ${kind}: ${small} cases`);
      const p1Small = await measureP1(service, baselines, pool, {
        runs: options.runs,
        seconds,
        casesInDatabase: small,
      });
      results.p1 = p1Small;
      log(
        `P1 ${kind}: engine ${round(p1Small.engine_tx_per_s.median, 0)} tx/s, ` +
          `same work ${round(p1Small.same_work_tx_per_s.median, 0)} tx/s, ratio ${p1Small.same_work_ratio}; ` +
          `raw insert ${round(p1Small.baseline_raw_tx_per_s.median, 0)} tx/s, ratio ${p1Small.ratio}`,
      );
      if (kind === 'sqlite' && wants(options, 'p3')) {
        log('P3: bpmn-engine vs cadreflow');
        results.p3 = await measureP3(service, { runs: options.runs, seconds });
        log(`P3: ratio ${results.p3.ratio}`);
      }
      if (!wants(options, 'p4')) return;
      log(`P4 ${kind}: seeding to ${large} cases`);
      // Enough cases at `vote` for P1's engine and "same work" walks (2 transitions per case).
      const keep = Math.ceil(((options.runs + 1) * seconds * 9000) / 2);
      const grown = await withRss(() => seedWithTiming(seeder, large, keep));
      const largePool = new CasePool(grown.value.ids);
      const p1Large = await measureP1(service, baselines, largePool, {
        runs: options.runs,
        seconds,
        casesInDatabase: large,
      });
      const sample = grown.value.ids.slice(-200);
      const history = await measureHistoryRead(service, sample, options.runs);
      const limit = options.quick ? 30_000 : 200_000;
      // The product's export route when this build has it; else the same read + serialisation.
      const viaHttp = await measureExportHttp(service, { runs: options.runs, limit });
      const exported = viaHttp
        ? {
            ...viaHttp,
            method:
              'GET /api/audit/transitions?format=ndjson over loopback (auditor token), a from/to ' +
              'window of the seeded years; the whole body read and its lines counted',
          }
        : {
            ...(await measureExport(service.dataSource, { runs: options.runs, limit })),
            method:
              'no export route in this build: a direct keyset read of history_entry (PK order, pages ' +
              'of 2000) + NDJSON serialisation in the history API shape',
          };
      const verified = await measureVerify(service.dataSource, { runs: options.runs, limit });
      results.p4 = {
        latency_growth: round(p1Large.latency_ms.mean.median / p1Small.latency_ms.mean.median),
        history_ms_1m: history.ms.median,
        export_per_s: exported.entries_per_s.median,
        verify_per_s: verified.entries_per_s.median,
        small_cases: small,
        large_cases: large,
        note:
          large === 1_000_000
            ? `10k vs 1M cases`
            : `${options.quick ? '--quick' : kind}: the large database holds ${large} cases, not 1M; history_ms_1m is measured at ${large}`,
        small: p1Small,
        large: p1Large,
        seed: {
          seconds: round(grown.value.seconds, 1),
          cases_per_s: round((large - small) / grown.value.seconds, 0),
          rss_mib: grown.rssMiB,
        },
        history,
        export: exported,
        verify: verified,
      };
      log(
        `P4 ${kind}: growth ${results.p4.latency_growth}, history ${results.p4.history_ms_1m} ms, ` +
          `export ${round(results.p4.export_per_s, 0)}/s, verify ${round(results.p4.verify_per_s, 0)}/s`,
      );
    } finally {
      await closeBaselines(baselines);
    }
  } finally {
    await service.close();
    await database.drop();
  }
};

const runDatabase = async (kind: DatabaseKind, options: BenchOptions): Promise<DatabaseResults> => {
  const results: DatabaseResults = {};
  const http = { runs: options.runs, seconds: options.quick ? 0.75 : 2 };
  if (wants(options, 'p2')) results.p2 = await measureP2(kind, http);
  if (wants(options, 'p1') || wants(options, 'p3') || wants(options, 'p4'))
    await inProcess(kind, options, results);
  if (wants(options, 'registry')) {
    log(`registry ${kind}: registry-backed vs inline cases`);
    results.registry = await measureRegistry(kind, options);
  }
  return results;
};

// Formatted as the repository's Prettier config wants, so the committed results pass `npm run lint`.
const writeAtomically = async (path: string, text: string): Promise<void> => {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(`${path}.tmp`, await format(text, { ...options, filepath: path }));
  renameSync(`${path}.tmp`, path);
};

const main = async (): Promise<void> => {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const sqlite = await runDatabase('sqlite', options);
  let postgres: DatabaseResults | { skipped: string } = { skipped: 'not requested (--only)' };
  if (wants(options, 'p5')) {
    postgres = (await postgresAvailable())
      ? await runDatabase('postgres', { ...options, only: options.only })
      : {
          skipped: 'no PostgreSQL at BENCH_DATABASE_URL / postgres://postgres@127.0.0.1:5432/test',
        };
  }
  const result = {
    generated_at: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    command: options.quick ? 'npm run bench -- --quick' : 'npm run bench',
    duration_s: round((Date.now() - started) / 1000, 1),
    ...(sqliteCacheMiB !== undefined ? { diagnostic: { sqlite_cache_mib: sqliteCacheMiB } } : {}),
    machine: machine(),
    sqlite_synchronous: benchSqliteSynchronous(),
    p1: sqlite.p1,
    p2: sqlite.p2,
    p3: sqlite.p3,
    p4: sqlite.p4,
    registry: sqlite.registry,
    p5: postgres,
  };
  const dir = join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(result, null, 2)}\n`;
  const markdown = renderMarkdown(result);
  const stamp = result.generated_at.slice(0, 16).replace(/:/g, '');
  // A partial run (--only, or a diagnostic setting) never replaces the latest complete results.
  const partial = options.only !== null || sqliteCacheMiB !== undefined;
  const name = `${stamp}Z-${result.mode}${partial ? '-partial' : ''}`;
  if (!partial) {
    await writeAtomically(join(dir, 'latest.json'), json);
    await writeAtomically(join(dir, 'latest.md'), markdown);
  }
  await writeAtomically(join(dir, `${name}.json`), json);
  await writeAtomically(join(dir, `${name}.md`), markdown);
  log(`done in ${result.duration_s} s: bench/results/${partial ? name : 'latest'}.{json,md}`);
};

export type BenchResult = {
  generated_at: string;
  mode: string;
  command: string;
  duration_s: number;
  machine: ReturnType<typeof machine>;
  /** SQLite's `synchronous` level of every SQLite figure (absent in results before it was FULL). */
  sqlite_synchronous?: string;
  p5: DatabaseResults | { skipped: string };
} & DatabaseResults;

// Leave no server or database behind, whatever happens.
const cleanUp = async (): Promise<void> => {
  stopAllServers();
  await dropAllDatabases();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanUp();
  });
