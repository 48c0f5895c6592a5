/**
 * Issue 14's bench line: opening a registry-backed case, and a transition that reads the
 * registry (the eligibility step), against the same with the cadres' facts inline — in-process
 * through CasesService, the built-in appointment definition, three candidates per case. Each
 * figure is a median of runs; the goal is registry time ≤ 1.5 × inline time.
 */
import { join } from 'node:path';
import type { JsonObject } from '../src/engine/index.js';
import { CadresService } from '../src/service/cadres/cadres.service.js';
import { startService, type ServiceUnderBench } from './service.js';
import { createDatabase, log, round, type DatabaseKind } from './support.js';

export interface RegistryBenchResult {
  readonly cases_per_run: number;
  readonly open_inline_ms: number;
  readonly open_registry_ms: number;
  /** open_registry_ms / open_inline_ms: the goal is ≤ 1.5. */
  readonly open_ratio: number;
  readonly eligibility_inline_ms: number;
  readonly eligibility_registry_ms: number;
  /** eligibility_registry_ms / eligibility_inline_ms: the goal is ≤ 1.5. */
  readonly eligibility_ratio: number;
  readonly note: string;
}

const POSITION = { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' };

const inlineCandidate = (id: string, fullName: string): JsonObject => ({
  id,
  fullName,
  gender: 'male',
  dateOfBirth: '1980-05-10',
  currentPosition: 'Phó Giám đốc Sở',
  currentPositionSince: '2020-01-01',
  inPlanning: true,
  disciplines: [],
  freezes: [],
});

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Creates three registry cadres with the facts of the inline candidates; returns their ids. */
const registryCadres = async (service: ServiceUnderBench, prefix: string): Promise<string[]> => {
  const cadres = service.app.get(CadresService);
  const ids: string[] = [];
  for (const [index, name] of ['Nguyễn Văn A', 'Trần Văn B', 'Lê Văn C'].entries()) {
    const { view } = await cadres.create(service.cast.clerk, {
      code: `${prefix}-${index}`,
      person: { fullName: name, gender: 'male', dateOfBirth: '1980-05-10' },
      posts: [{ postTitle: 'Phó Giám đốc Sở', unitId: 'u-so', since: '2020-01-01' }],
      planning: [{ title: 'Giám đốc Sở', period: '2025-2030', since: '2025-01-01' }],
    });
    ids.push((view as { id: string }).id);
  }
  return ids;
};

/** One run: `count` cases opened, walked to the eligibility step, then that step; times in ms. */
const run = async (
  service: ServiceUnderBench,
  subject: JsonObject,
  eligible: string[],
  count: number,
): Promise<{ openMs: number; eligibilityMs: number }> => {
  const { cases, cast } = service;
  let openNs = 0n;
  let eligibilityNs = 0n;
  for (let index = 0; index < count; index += 1) {
    const started = process.hrtime.bigint();
    const opened = await cases.open(cast.clerk, { workflow: 'appointment', subject });
    openNs += process.hrtime.bigint() - started;
    await cases.sendEvent(cast.clerk, opened.id, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    });
    await cases.sendEvent(cast.authority, opened.id, { type: 'APPROVE', payload: {} });
    const before = process.hrtime.bigint();
    await cases.sendEvent(cast.clerk, opened.id, { type: 'SUBMIT', payload: { eligible } });
    eligibilityNs += process.hrtime.bigint() - before;
  }
  return {
    openMs: Number(openNs) / 1e6 / count,
    eligibilityMs: Number(eligibilityNs) / 1e6 / count,
  };
};

export const measureRegistry = async (
  kind: DatabaseKind,
  options: { runs: number; quick: boolean },
): Promise<RegistryBenchResult> => {
  const database = await createDatabase(kind);
  const service = await startService(database.url, {
    workflowsDir: join(process.cwd(), 'workflows'),
  });
  try {
    const ids = await registryCadres(service, 'BENCH');
    const inline = {
      position: POSITION,
      candidates: [
        inlineCandidate('c1', 'Nguyễn Văn A'),
        inlineCandidate('c2', 'Trần Văn B'),
        inlineCandidate('c3', 'Lê Văn C'),
      ],
    };
    const registry = { position: POSITION, candidates: ids.map((cadreId) => ({ cadreId })) };
    const count = options.quick ? 100 : 300;
    // Warm-up of both paths (JIT, statement caches), then runs alternating the two.
    await run(service, inline, ['c1', 'c2'], 30);
    await run(service, registry, ids.slice(0, 2), 30);
    const inlineRuns: Array<{ openMs: number; eligibilityMs: number }> = [];
    const registryRuns: Array<{ openMs: number; eligibilityMs: number }> = [];
    for (let index = 0; index < options.runs; index += 1) {
      inlineRuns.push(await run(service, inline, ['c1', 'c2'], count));
      registryRuns.push(await run(service, registry, ids.slice(0, 2), count));
    }
    const openInline = median(inlineRuns.map((r) => r.openMs));
    const openRegistry = median(registryRuns.map((r) => r.openMs));
    const eligibilityInline = median(inlineRuns.map((r) => r.eligibilityMs));
    const eligibilityRegistry = median(registryRuns.map((r) => r.eligibilityMs));
    const result: RegistryBenchResult = {
      cases_per_run: count,
      open_inline_ms: round(openInline, 3),
      open_registry_ms: round(openRegistry, 3),
      open_ratio: round(openRegistry / openInline, 3),
      eligibility_inline_ms: round(eligibilityInline, 3),
      eligibility_registry_ms: round(eligibilityRegistry, 3),
      eligibility_ratio: round(eligibilityRegistry / eligibilityInline, 3),
      note:
        'CasesService in-process, built-in appointment (QĐ 377), 3 candidates per case; the ' +
        'registry case names them by cadreId (each with a post and a planning entry), the inline ' +
        'case carries the same facts; eligibility = the SUBMIT at proposal.eligibility, which ' +
        'reads the registry as of the event day and records the facts in the entry',
    };
    log(
      `registry ${kind}: open ${result.open_registry_ms} vs ${result.open_inline_ms} ms (ratio ${result.open_ratio}), ` +
        `eligibility ${result.eligibility_registry_ms} vs ${result.eligibility_inline_ms} ms (ratio ${result.eligibility_ratio})`,
    );
    return result;
  } finally {
    await service.close();
    await database.drop();
  }
};
