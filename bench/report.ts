/** Renders bench/results/latest.md from the results object. */
import type { P1Result } from './engine-bench.js';
import type { P2Result } from './http-bench.js';
import type { BenchResult, DatabaseResults, P4Result } from './run.js';
import type { Figure } from './support.js';

const n = (value: number, digits = 0): string =>
  Number.isFinite(value)
    ? value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    : '—';

/** "1,234 (±3 %)": the median and the runs' spread as a share of it. */
const f = (figure: Figure, digits = 0): string =>
  `${n(figure.median, digits)} (spread ${n(figure.spread * 100, 0)} %)`;

const verdict = (met: boolean): string => (met ? 'met' : '**missed**');

interface Goal {
  readonly name: string;
  readonly goal: string;
  readonly value: string;
  readonly met: boolean;
}

/** The goals of issue 12: ratios to the "same work" loop, and p99 at 32 connections. */
export const goalsOf = (results: DatabaseResults, label: string, p99GoalMs: number): Goal[] => {
  const goals: Goal[] = [];
  const { p1, p2, p3, p4, registry } = results;
  if (registry) {
    goals.push(
      {
        name: `${label} registry: opening a registry-backed case / an inline one`,
        goal: '≤ 1.5',
        value: n(registry.open_ratio, 3),
        met: registry.open_ratio <= 1.5,
      },
      {
        name: `${label} registry: the eligibility step reading the registry / inline`,
        goal: '≤ 1.5',
        value: n(registry.eligibility_ratio, 3),
        met: registry.eligibility_ratio <= 1.5,
      },
    );
  }
  if (p1 && p1.same_work_ratio !== undefined)
    goals.push({
      name: `${label} P1 ratio (sendEvent / the same work, hand-written)`,
      goal: '≥ 0.5',
      value: n(p1.same_work_ratio, 3),
      met: p1.same_work_ratio >= 0.5,
    });
  if (p2) {
    if (p2.same_work_ratio !== undefined)
      goals.push({
        name: `${label} P2 ratio at 32 connections (events route / same-work route)`,
        goal: '≥ 0.5',
        value: n(p2.same_work_ratio, 3),
        met: p2.same_work_ratio >= 0.5,
      });
    goals.push({
      name: `${label} P2 p99 at 32 connections`,
      goal: `≤ ${p99GoalMs} ms`,
      value: `${n(p2.p99_ms_32, 1)} ms`,
      met: p2.p99_ms_32 <= p99GoalMs,
    });
  }
  if (p3)
    goals.push({
      name: `${label} P3 ratio (cadreflow / bpmn-engine recovered)`,
      goal: '≥ 10',
      value: n(p3.ratio, 2),
      met: p3.ratio >= 10,
    });
  if (p4) {
    goals.push(
      {
        name: `${label} P4 latency growth ${n(p4.small_cases)} → ${n(p4.large_cases)} cases`,
        goal: '≤ 1.2',
        value: n(p4.latency_growth, 3),
        met: p4.latency_growth <= 1.2,
      },
      {
        name: `${label} P4 one case's history at ${n(p4.large_cases)} cases`,
        goal: '< 2 ms',
        value: `${n(p4.history_ms_1m, 3)} ms`,
        met: p4.history_ms_1m < 2,
      },
      {
        name: `${label} P4 NDJSON export`,
        goal: '≥ 100,000 entries/s',
        value: `${n(p4.export_per_s)} /s`,
        met: p4.export_per_s >= 100_000,
      },
      {
        name: `${label} P4 chain verification (verifyChain)`,
        goal: '≥ 200,000 entries/s',
        value: `${n(p4.verify_per_s)} /s`,
        met: p4.verify_per_s >= 200_000,
      },
    );
  }
  return goals;
};

const p1Section = (p1: P1Result, label: string): string[] => [
  `### P1 ${label}: transitions through the service layer`,
  '',
  '| series | per second | per-transition latency |',
  '|---|---|---|',
  `| cadreflow \`CasesService.sendEvent\` (lock, step, save, hash, append, deadlines, view) | ${f(p1.engine_tx_per_s)} | mean ${f(p1.latency_ms.mean, 3)} ms, p50 ${n(p1.latency_ms.p50, 3)} ms, p99 ${n(p1.latency_ms.p99, 3)} ms |`,
  ...(p1.same_work_tx_per_s
    ? [
        `| baseline: the same work by hand (${p1.same_work}): read the case, restore, rules + XState transition, JCS + SHA-256, update the case, insert the entry | ${f(p1.same_work_tx_per_s)} | |`,
      ]
    : []),
  `| baseline (for the record): ${p1.baseline} one-row insert per transaction | ${f(p1.baseline_raw_tx_per_s)} | |`,
  `| baseline (for the record): same insert, same driver through TypeORM (\`BEGIN … COMMIT\`) | ${f(p1.baseline_typeorm_tx_per_s)} | |`,
  '',
  ...(p1.same_work_ratio_spread
    ? [
        `ratio engine / the same work **${n(p1.same_work_ratio, 3)}** (per-run spread ${n(p1.same_work_ratio_spread.spread * 100)} %); ` +
          `engine / one-row insert ${n(p1.ratio, 3)}; engine / TypeORM one-row insert ${n(p1.ratio_typeorm, 3)}. `,
      ]
    : [
        `ratio engine / raw baseline **${n(p1.ratio, 3)}** (per-run spread ${n(p1.ratio_spread.spread * 100)} %); engine / TypeORM baseline ${n(p1.ratio_typeorm, 3)}. `,
      ]),
  `${n(p1.transitions)} transitions timed on a database of ${n(p1.cases_in_database)} cases; peak RSS ${n(p1.rss_mib, 1)} MiB.`,
  '',
];

const p2Section = (p2: P2Result, label: string): string[] => [
  `### P2 ${label}: HTTP, \`POST /api/cases/:id/events\` under autocannon`,
  '',
  '| connections | events route rps | p50 / p99 ms | same-work route rps | p50 / p99 ms | ratio (events / same work) | bare Fastify insert rps | bare Express insert rps | events / Fastify insert | Express / Fastify |',
  '|---|---|---|---|---|---|---|---|---|---|',
  ...p2.levels.map((level) => {
    const same = level.same_work_fastify;
    return (
      `| ${level.connections} | ${f(level.product.rps)} | ${n(level.product.p50_ms.median, 1)} / ${n(level.product.p99_ms.median, 1)} | ` +
      (same
        ? `${f(same.rps)} | ${n(same.p50_ms.median, 1)} / ${n(same.p99_ms.median, 1)} | ${n(level.same_work_ratio.median, 3)} | `
        : '— | — | — | ') +
      `${f(level.bare_fastify.rps)} | ${f(level.bare_express.rps)} | ${n(level.ratio.median, 3)} | ${n(level.express_vs_fastify.median, 2)} |`
    );
  }),
  '',
  `${p2.seconds_per_run} s per run; failed requests (non-2xx, errors, timeouts): ` +
    p2.levels
      .map(
        (level) =>
          `${level.connections} conn: ${level.product.failures}/${level.same_work_fastify?.failures ?? '—'}/${level.bare_fastify.failures}/${level.bare_express.failures}`,
      )
      .join(', ') +
    ` (events/same work/Fastify insert/Express insert). The events route and the same-work route ` +
    `share a database of ${n(p2.seeded_cases)} seeded cases, each walking its own; the ` +
    `same-work route is a bare NestJS route on Fastify running bench/same-work.ts (no authentication).`,
  '',
];

const p4Section = (p4: P4Result, label: string): string[] => [
  `### P4 ${label}: growth`,
  '',
  `${p4.note}. Seeding (bulk inserts, valid chains): ${n(p4.seed.cases_per_s)} cases/s, peak RSS ${n(p4.seed.rss_mib, 1)} MiB.`,
  '',
  '| figure | value | peak RSS MiB |',
  '|---|---|---|',
  `| transition latency at ${n(p4.small_cases)} cases | ${f(p4.small.latency_ms.mean, 3)} ms | ${n(p4.small.rss_mib, 1)} |`,
  `| transition latency at ${n(p4.large_cases)} cases | ${f(p4.large.latency_ms.mean, 3)} ms | ${n(p4.large.rss_mib, 1)} |`,
  `| growth (large / small) | **${n(p4.latency_growth, 3)}** | |`,
  `| one case's history (${p4.history.entries_per_case} entries) at ${n(p4.large_cases)} cases, median | ${f(p4.history.ms, 3)} ms (p99 ${n(p4.history.p99_ms, 3)} ms) | ${n(p4.history.rss_mib, 1)} |`,
  `| NDJSON export, ${n(p4.export.entries)} entries per run | ${f(p4.export.entries_per_s)} entries/s (${n(p4.export.mib_per_s.median, 1)} MiB/s) | ${n(p4.export.rss_mib, 1)} |`,
  `| \`verifyChain\`, ${n(p4.verify.entries)} entries per run | ${f(p4.verify.entries_per_s)} entries/s (with the read: ${n(p4.verify.with_read_entries_per_s.median)}/s); invalid chains: ${p4.verify.invalid_chains} | ${n(p4.verify.rss_mib, 1)} |`,
  '',
  `Export method: ${p4.export.method}.`,
  '',
];

const databaseSections = (results: DatabaseResults, label: string): string[] => [
  ...(results.p1 ? p1Section(results.p1, label) : []),
  ...(results.p2 ? p2Section(results.p2, label) : []),
  ...(results.p4 ? p4Section(results.p4, label) : []),
];

export const renderMarkdown = (result: BenchResult): string => {
  const m = result.machine;
  const postgres = 'skipped' in result.p5 ? null : result.p5;
  const goals = [
    ...goalsOf(result, 'SQLite', 30),
    ...(postgres ? goalsOf(postgres, 'PostgreSQL', 60) : []),
  ];
  const lines = [
    `# cadreflow benchmark — ${result.mode} run`,
    '',
    `${result.generated_at}, \`${result.command}\`, ${result.duration_s} s. Machine: ${m.cores} cores, ${m.cpu}, ` +
      `${m.memoryGiB} GiB, Node.js ${m.node}, ${m.platform}. Each figure is the median of several runs; ` +
      '"spread" is (max − min) / median over those runs. Goals are ratios to baselines measured in the same run.',
    '',
    '## Goals',
    '',
    '| figure | goal | measured | |',
    '|---|---|---|---|',
    ...goals.map(
      (goal) => `| ${goal.name} | ${goal.goal} | ${goal.value} | ${verdict(goal.met)} |`,
    ),
    '',
    // Results written before the default became FULL measured NORMAL and do not say so.
    `## SQLite (WAL file, synchronous=${result.sqlite_synchronous ?? 'NORMAL'})`,
    '',
    ...databaseSections(result, 'SQLite'),
  ];
  if (result.p3) {
    const p3 = result.p3;
    lines.push(
      '### P3: peer, the same four-step procedure in-process',
      '',
      '| engine | procedures/s (open + 4 approvals, state saved after each) |',
      '|---|---|',
      `| cadreflow (service layer, SQLite WAL) | ${f(p3.ours_procedures_per_s, 1)} |`,
      `| bpmn-engine, kept in memory, state saved to SQLite | ${f(p3.peer_in_memory_procedures_per_s, 1)} |`,
      `| bpmn-engine, recovered from SQLite before each step | ${f(p3.peer_recovered_procedures_per_s, 1)} |`,
      '',
      `ratio cadreflow / bpmn-engine recovered **${n(p3.ratio, 2)}** (spread ${n(p3.ratio_spread.spread * 100)} %); ` +
        `cadreflow / bpmn-engine in memory ${n(p3.ratio_vs_in_memory, 2)}. Peak RSS ${n(p3.rss_mib, 1)} MiB.`,
      '',
    );
  }
  lines.push('## P5: PostgreSQL', '');
  if (postgres) lines.push(...databaseSections(postgres, 'PostgreSQL'));
  else lines.push(`Skipped: ${(result.p5 as { skipped: string }).skipped}.`, '');
  return `${lines.join('\n')}\n`;
};
