/** Shared pieces of the benchmark: statistics, memory sampling, machine facts, databases. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { validateEnv, type SqliteSynchronousMode } from '../src/service/config/env.validation.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/**
 * The `synchronous` level the service under bench runs SQLite with (SQLITE_SYNCHRONOUS, FULL by
 * default). Every SQLite connection of the bench, baselines and peer included, uses the same one,
 * so that ratios compare like with like, and the report says which level it measured.
 */
export const benchSqliteSynchronous = (): SqliteSynchronousMode =>
  validateEnv(process.env).SQLITE_SYNCHRONOUS;

/** A figure measured in several runs: its median and how far the runs spread. */
export interface Figure {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) / median: 0.05 means the runs agree within 5 %. */
  readonly spread: number;
  readonly runs: readonly number[];
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
};

export const round = (value: number, digits = 3): number => {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

export const figure = (runs: readonly number[]): Figure => {
  const m = median(runs);
  const min = Math.min(...runs);
  const max = Math.max(...runs);
  return {
    median: round(m),
    min: round(min),
    max: round(max),
    spread: round(m === 0 ? 0 : (max - min) / m),
    runs: runs.map((run) => round(run)),
  };
};

/** A figure's median divided by another's, with the spread of the per-run ratios. */
export const ratioOf = (numerator: readonly number[], denominator: readonly number[]): Figure =>
  figure(numerator.map((value, index) => value / (denominator[index] ?? Number.NaN)));

/** Samples the process's resident set size while `work` runs; reports the peak in MiB. */
export const withRss = async <T>(work: () => Promise<T>): Promise<{ value: T; rssMiB: number }> => {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, rssMiB: round(peak / 1024 / 1024, 1) };
  } finally {
    clearInterval(timer);
  }
};

export const machine = () => {
  const cores = cpus();
  return {
    cores: cores.length,
    cpu: cores[0]?.model.trim() ?? 'unknown',
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
};

export const log = (message: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
};

/** A database that exists only for one part of the run. */
export interface ThrowawayDatabase {
  readonly kind: DatabaseKind;
  readonly url: string;
  /** The SQLite file (sqlite only). */
  readonly file?: string;
  drop(): Promise<void>;
}

const cleanups = new Set<() => Promise<void>>();

/** Drops every database still registered (on a normal end, an error, or Ctrl-C). */
export const dropAllDatabases = async (): Promise<void> => {
  for (const cleanup of [...cleanups]) await cleanup().catch(() => undefined);
};

export const BENCH_POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const withAdminClient = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: BENCH_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const postgresAvailable = async (): Promise<boolean> => {
  try {
    await withAdminClient((client) => client.query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
};

export const createDatabase = async (kind: DatabaseKind): Promise<ThrowawayDatabase> => {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'cadreflow-bench-'));
    const file = join(dir, 'bench.sqlite');
    const drop = () => {
      cleanups.delete(drop);
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    };
    cleanups.add(drop);
    return { kind, url: `sqlite:${file}`, file, drop };
  }
  // The name says what it is, so that a leftover is never mistaken for real data.
  const name = `cadreflow_bench_${randomBytes(5).toString('hex')}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(BENCH_POSTGRES_URL);
  url.pathname = `/${name}`;
  const drop = async () => {
    cleanups.delete(drop);
    await withAdminClient((client) =>
      client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    );
  };
  cleanups.add(drop);
  return { kind, url: url.toString(), drop };
};

export interface BenchOptions {
  readonly quick: boolean;
  /** Runs per figure (the median of these is reported). */
  readonly runs: number;
  readonly only: ReadonlySet<string> | null;
  /** Cases in PostgreSQL's large database (full run). */
  readonly pgLarge: number;
}

export const parseOptions = (argv: readonly string[]): BenchOptions => {
  const quick = argv.includes('--quick');
  const onlyArgument = argv.find((argument) => argument.startsWith('--only='));
  const pgLargeArgument = argv.find((argument) => argument.startsWith('--pg-large='));
  const pgLarge = pgLargeArgument ? Number(pgLargeArgument.slice('--pg-large='.length)) : 200_000;
  if (!Number.isInteger(pgLarge) || pgLarge < 20_000) throw new Error('--pg-large must be ≥ 20000');
  return {
    quick,
    pgLarge,
    runs: quick ? 3 : 5,
    only: onlyArgument ? new Set(onlyArgument.slice('--only='.length).split(',')) : null,
  };
};
