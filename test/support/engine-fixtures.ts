/** Builders for engine tests: built-in definitions, cadres, actors, tallies and a walker. */
import { resolve } from 'node:path';
import {
  compileWorkflow,
  loadWorkflowFiles,
  startWorkflow,
  stepWorkflow,
  type Actor,
  type CompiledWorkflow,
  type JsonObject,
  type StepAccepted,
  type StepResult,
  type StoredSnapshot,
} from '../../src/engine/index.js';

export const WORKFLOWS_DIR = resolve('workflows');

const cache = new Map<string, CompiledWorkflow>();

function versionOf(document: unknown): number {
  const version = (document as JsonObject)['version'];
  return typeof version === 'number' ? version : 0;
}

/**
 * The parsed document of a built-in definition: `workflows/<key>.workflow.yaml` (version 1) or
 * `workflows/<key>.v<n>.workflow.yaml`. Without `version`, the latest one.
 */
export function builtinDocument(key: string, version?: number): JsonObject {
  const files = loadWorkflowFiles(WORKFLOWS_DIR)
    .filter((entry) => (entry.document as JsonObject)['key'] === key)
    .sort((a, b) => versionOf(a.document) - versionOf(b.document));
  const file =
    version === undefined
      ? files[files.length - 1]
      : files.find((entry) => versionOf(entry.document) === version);
  if (!file) throw new Error(`no built-in workflow ${key}${version ? ` v${version}` : ''}`);
  return file.document as JsonObject;
}

/** A built-in definition compiled: the latest version, or the one named. */
export function builtin(key: string, version?: number): CompiledWorkflow {
  const id = `${key}@${version ?? 'latest'}`;
  let compiled = cache.get(id);
  if (!compiled) {
    compiled = compileWorkflow(builtinDocument(key, version));
    cache.set(id, compiled);
  }
  return compiled;
}

export const actors = {
  clerk: { id: 'clerk-1', roles: ['clerk'] },
  clerk2: { id: 'clerk-2', roles: ['clerk'] },
  board: { id: 'board-1', roles: ['organization_board'] },
  inspection: { id: 'inspection-1', roles: ['inspection_commission'] },
  head: { id: 'head-1', roles: ['head'] },
  authority: { id: 'authority-1', roles: ['authority'] },
  auditor: { id: 'auditor-1', roles: ['auditor'] },
} satisfies Record<string, Actor>;

export function cadre(overrides: JsonObject = {}): JsonObject {
  return {
    id: 'c1',
    fullName: 'Nguyễn Văn A',
    gender: 'male',
    dateOfBirth: '1980-05-10',
    currentPosition: 'Phó Giám đốc Sở',
    currentPositionSince: '2020-01-01',
    inPlanning: true,
    disciplines: [],
    freezes: [],
    ...overrides,
  };
}

export function yesNo(
  summoned: number,
  present: number,
  inFavour: number,
  against = 0,
): JsonObject {
  return { summoned, present, inFavour, against };
}

export function candidatesTally(
  summoned: number,
  present: number,
  votes: Record<string, number>,
): JsonObject {
  return {
    summoned,
    present,
    candidates: Object.entries(votes).map(([id, count]) => ({ id, votes: count })),
  };
}

export const NOW = '2026-03-02T03:00:00.000Z';

export function open(
  compiled: CompiledWorkflow,
  subject: JsonObject,
  actor: Actor = actors.clerk,
  now = NOW,
): StepAccepted {
  const result = startWorkflow(compiled, { subject, actor, now });
  if (!result.accepted) throw new Error(`case refused: ${result.code} ${result.reason}`);
  return result;
}

export interface Step {
  readonly type: string;
  readonly actor: Actor;
  readonly payload?: JsonObject;
  readonly comment?: string;
  readonly now?: string;
}

/** Applies steps in order; throws (naming the step) if one is refused. */
export function walk(
  compiled: CompiledWorkflow,
  snapshot: StoredSnapshot,
  steps: readonly Step[],
): StepAccepted[] {
  const results: StepAccepted[] = [];
  let current = snapshot;
  steps.forEach((step, index) => {
    const result = send(compiled, current, step);
    if (!result.accepted) {
      throw new Error(
        `step ${index} (${step.type} by ${step.actor.id}) refused: ${result.code} ${result.reason}`,
      );
    }
    results.push(result);
    current = result.snapshot;
  });
  return results;
}

export function send(compiled: CompiledWorkflow, snapshot: StoredSnapshot, step: Step): StepResult {
  return stepWorkflow(compiled, snapshot, {
    type: step.type,
    payload: step.payload ?? {},
    comment: step.comment ?? null,
    actor: step.actor,
    now: step.now ?? NOW,
  });
}

export function last<T>(items: readonly T[]): T {
  const item = items[items.length - 1];
  if (item === undefined) throw new Error('empty');
  return item;
}
