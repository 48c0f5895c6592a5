/**
 * P2: `POST /api/cases/:id/events` under autocannon at 1, 8 and 32 connections, against the
 * "same work" loop behind a bare NestJS route on Fastify (issue 12's baseline: the same
 * transitions on the same database, see bench/same-work.ts), and, kept for the record, a bare
 * route doing one insert on the same platform (Fastify, the product's) and on Express.
 * Each server runs in its own child process on 127.0.0.1; the load generator runs here.
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchActors, ServerMode, ServerReady } from './http-server.js';
import {
  createDatabase,
  figure,
  log,
  ratioOf,
  round,
  type DatabaseKind,
  type Figure,
} from './support.js';

export const CONNECTIONS = [1, 8, 32] as const;

interface RunningServer {
  readonly ready: ServerReady;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();

/** Stops every server child still running (normal end, error or Ctrl-C). */
export const stopAllServers = (): void => {
  for (const child of children) child.kill('SIGTERM');
};

const startServer = async (
  mode: ServerMode,
  databaseUrl: string,
  cases: number,
  actors?: BenchActors,
): Promise<RunningServer> => {
  const script = fileURLToPath(new URL('./http-server.js', import.meta.url));
  const args = [mode, databaseUrl, String(cases), ...(actors ? [JSON.stringify(actors)] : [])];
  const child = fork(script, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${mode} server did not start in 120 s`)),
      120_000,
    );
    child.once('message', (message: { ready: ServerReady }) => {
      clearTimeout(timer);
      resolve(message.ready);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${mode} server exited with ${code}`));
    });
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.send('stop');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    children.delete(child);
  };
  return { ready, child, stop };
};

interface LoadRun {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

const summarise = (result: autocannon.Result): LoadRun => ({
  rps: result['2xx'] / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  failures: result.non2xx + result.errors + result.timeouts,
});

const load = (options: autocannon.Options): Promise<autocannon.Result> =>
  new Promise((resolve, reject) => {
    autocannon(options, (error, result) => {
      if (error) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    });
  });

/** Each connection walks its own cases: vote → decision → done, then the next free case. */
const productLoad = (
  ready: ServerReady,
  connections: number,
  seconds: number,
  nextCase: () => string,
): Promise<autocannon.Result> => {
  const tokens = ready.tokens as { authority: string; inspection: string };
  const body = JSON.stringify({ type: 'APPROVE', comment: 'Đồng ý' });
  const step = (token: string, first: boolean): autocannon.Request => ({
    method: 'POST',
    setupRequest: (request, context) => {
      const state = context as { caseId?: string };
      if (first) state.caseId = nextCase();
      return {
        ...request,
        path: `/api/cases/${state.caseId}/events`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      };
    },
  });
  return load({
    url: `http://127.0.0.1:${ready.port}`,
    connections,
    duration: seconds,
    requests: [step(tokens.inspection, true), step(tokens.authority, false)],
  });
};

/** The same walk against the "same work" route (it acts for the actor the header names). */
const sameWorkLoad = (
  ready: ServerReady,
  connections: number,
  seconds: number,
  nextCase: () => string,
): Promise<autocannon.Result> => {
  const body = JSON.stringify({ type: 'APPROVE', comment: 'Đồng ý' });
  const step = (actor: 'inspection' | 'authority', first: boolean): autocannon.Request => ({
    method: 'POST',
    setupRequest: (request, context) => {
      const state = context as { caseId?: string };
      if (first) state.caseId = nextCase();
      return {
        ...request,
        path: `/api/cases/${state.caseId}/events`,
        headers: { 'content-type': 'application/json', 'x-bench-actor': actor },
        body,
      };
    },
  });
  return load({
    url: `http://127.0.0.1:${ready.port}`,
    connections,
    duration: seconds,
    requests: [step('inspection', true), step('authority', false)],
  });
};

const bareLoad = (
  ready: ServerReady,
  connections: number,
  seconds: number,
): Promise<autocannon.Result> =>
  load({
    url: `http://127.0.0.1:${ready.port}/api/rows`,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ payload: { event: 'APPROVE', comment: 'Đồng ý' } }),
  });

type Series = { rps: Figure; p50_ms: Figure; p99_ms: Figure; failures: number };

export interface LevelResult {
  readonly connections: number;
  readonly product: Series;
  readonly same_work_fastify: Series;
  /** Events route / the "same work" route. */
  readonly same_work_ratio: Figure;
  readonly bare_fastify: { rps: Figure; p50_ms: Figure; p99_ms: Figure; failures: number };
  readonly bare_express: { rps: Figure; p50_ms: Figure; p99_ms: Figure; failures: number };
  readonly ratio: Figure;
  readonly express_vs_fastify: Figure;
}

export interface P2Result {
  /** At 32 connections: events route / the "same work" route (issue 12's goal: ≥ 0.5). */
  readonly same_work_ratio: number;
  /** At 32 connections: events route / the bare one-insert route (kept for the record). */
  readonly ratio: number;
  readonly p99_ms_32: number;
  readonly levels: LevelResult[];
  readonly seconds_per_run: number;
  readonly seeded_cases: number;
}

const series = (runs: LoadRun[]) => ({
  rps: figure(runs.map((run) => run.rps)),
  p50_ms: figure(runs.map((run) => run.p50)),
  p99_ms: figure(runs.map((run) => run.p99)),
  failures: runs.reduce((sum, run) => sum + run.failures, 0),
});

export const measureP2 = async (
  kind: DatabaseKind,
  options: { runs: number; seconds: number },
): Promise<P2Result> => {
  // Enough cases for the fastest plausible rate (2 events per case, plus the warm-up), never
  // reused: the product's half sized for 2,000 events/s, the same-work route's for 4,000.
  const casesAt = (eventsPerSecond: number) =>
    Math.ceil(((CONNECTIONS.length * options.runs + 1) * options.seconds * eventsPerSecond) / 2);
  const cases = casesAt(2000);
  const sameWorkCases = casesAt(4000);
  // The product and the "same work" route share one database (one runs while the other idles).
  const productDb = await createDatabase(kind);
  const fastifyDb = await createDatabase(kind);
  const expressDb = await createDatabase(kind);
  const servers: RunningServer[] = [];
  try {
    log(`P2 ${kind}: starting servers (${cases} + ${sameWorkCases} seeded cases)`);
    // The first cases for the product, the others for the "same work" route.
    const product = await startServer('product', productDb.url, cases + sameWorkCases);
    servers.push(product);
    const sameWork = await startServer('same-work-fastify', productDb.url, 0, product.ready.actors);
    servers.push(sameWork);
    const fastify = await startServer('bare-fastify', fastifyDb.url, 0);
    servers.push(fastify);
    const express = await startServer('bare-express', expressDb.url, 0);
    servers.push(express);
    const seeded = product.ready.caseIds ?? [];
    // Should the seeded cases run out, they are reused: their events are then refused (409)
    // and counted as failures in the results, never silently.
    const casesFrom = (ids: readonly string[]) => {
      let next = 0;
      return () => {
        const id = ids[next % ids.length] as string;
        next += 1;
        return id;
      };
    };
    const nextCase = casesFrom(seeded.slice(0, cases));
    const nextSameWorkCase = casesFrom(seeded.slice(cases));
    // Warm-up (JIT, prepared statements, connection pools).
    await productLoad(product.ready, 8, 0.5, nextCase);
    await sameWorkLoad(sameWork.ready, 8, 0.5, nextSameWorkCase);
    await bareLoad(fastify.ready, 8, 0.5);
    await bareLoad(express.ready, 8, 0.5);
    const levels: LevelResult[] = [];
    for (const connections of CONNECTIONS) {
      const p: LoadRun[] = [];
      const w: LoadRun[] = [];
      const f: LoadRun[] = [];
      const e: LoadRun[] = [];
      for (let run = 0; run < options.runs; run += 1) {
        p.push(summarise(await productLoad(product.ready, connections, options.seconds, nextCase)));
        w.push(
          summarise(
            await sameWorkLoad(sameWork.ready, connections, options.seconds, nextSameWorkCase),
          ),
        );
        f.push(summarise(await bareLoad(fastify.ready, connections, options.seconds)));
        e.push(summarise(await bareLoad(express.ready, connections, options.seconds)));
      }
      const level: LevelResult = {
        connections,
        product: series(p),
        same_work_fastify: series(w),
        same_work_ratio: ratioOf(
          p.map((run) => run.rps),
          w.map((run) => run.rps),
        ),
        bare_fastify: series(f),
        bare_express: series(e),
        ratio: ratioOf(
          p.map((run) => run.rps),
          f.map((run) => run.rps),
        ),
        express_vs_fastify: ratioOf(
          e.map((run) => run.rps),
          f.map((run) => run.rps),
        ),
      };
      log(
        `P2 ${kind} c=${connections}: product ${round(level.product.rps.median, 0)} rps ` +
          `(p99 ${level.product.p99_ms.median} ms), same work ${round(level.same_work_fastify.rps.median, 0)} ` +
          `(p99 ${level.same_work_fastify.p99_ms.median} ms), ratio ${level.same_work_ratio.median}; ` +
          `fastify insert ${round(level.bare_fastify.rps.median, 0)}, ` +
          `express ${round(level.bare_express.rps.median, 0)}`,
      );
      levels.push(level);
    }
    const at32 = levels.find((level) => level.connections === 32) as LevelResult;
    return {
      same_work_ratio: at32.same_work_ratio.median,
      ratio: at32.ratio.median,
      p99_ms_32: at32.product.p99_ms.median,
      levels,
      seconds_per_run: options.seconds,
      seeded_cases: cases + sameWorkCases,
    };
  } finally {
    for (const server of servers) await server.stop().catch(() => undefined);
    for (const db of [productDb, fastifyDb, expressDb]) await db.drop().catch(() => undefined);
  }
};
