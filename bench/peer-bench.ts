/**
 * P3: the same four-step procedure (proposal → vetting → vote → decision, one approval each) run
 * by the in-process peer `bpmn-engine`, its state saved to SQLite (WAL, one transaction) after the
 * start and after every step — kept in memory between steps, or recovered from SQLite before each
 * step as a stateless service must — versus cadreflow through its service layer.
 */
import Database from 'better-sqlite3';
import { Engine } from 'bpmn-engine';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { approverOf, BENCH_WORKFLOW, type ServiceUnderBench } from './service.js';
import {
  benchSqliteSynchronous,
  createDatabase,
  figure,
  ratioOf,
  withRss,
  type Figure,
} from './support.js';

const FOUR_STEPS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench" targetNamespace="http://cadreflow.local/bench">
  <process id="approval" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="toProposal" sourceRef="start" targetRef="proposal" />
    <userTask id="proposal" name="Proposal: one approval" />
    <sequenceFlow id="toVetting" sourceRef="proposal" targetRef="vetting" />
    <userTask id="vetting" name="Vetting: one approval" />
    <sequenceFlow id="toVote" sourceRef="vetting" targetRef="vote" />
    <userTask id="vote" name="Vote: one approval" />
    <sequenceFlow id="toDecision" sourceRef="vote" targetRef="decision" />
    <userTask id="decision" name="Decision: one approval" />
    <sequenceFlow id="toEnd" sourceRef="decision" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

const STEPS = ['proposal', 'vetting', 'vote', 'decision'] as const;

const nowNs = (): bigint => process.hrtime.bigint();
const secondsSince = (start: bigint): number => Number(nowNs() - start) / 1e9;

interface StateStore {
  save(id: string, state: unknown): void;
  load(id: string): unknown;
  close(): void;
}

const openStore = (file: string): StateStore => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${benchSqliteSynchronous()}`);
  db.exec('CREATE TABLE IF NOT EXISTS bpmn_state (id text PRIMARY KEY, state text NOT NULL)');
  const upsert = db.prepare(
    'INSERT INTO bpmn_state (id, state) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state',
  );
  const select = db.prepare<[string], { state: string }>(
    'SELECT state FROM bpmn_state WHERE id = ?',
  );
  return {
    save: (id, state) => {
      upsert.run(id, JSON.stringify(state));
    },
    load: (id) => {
      const row = select.get(id);
      if (!row) throw new Error(`no saved state for ${id}`);
      return JSON.parse(row.state) as unknown;
    },
    close: () => db.close(),
  };
};

interface Postponed {
  readonly id: string;
  signal(message?: unknown): void;
}
interface PeerExecution {
  getPostponed(): Postponed[];
}

const signalStep = (execution: PeerExecution, step: string): void => {
  const waiting = execution.getPostponed().find((activity) => activity.id === step);
  if (!waiting) throw new Error(`bpmn-engine is not waiting at ${step}`);
  waiting.signal({ approvedBy: 'bench', comment: 'Đồng ý' });
};

/** One procedure, the engine kept in memory; state saved after the start and every step. */
const peerInMemory = async (store: StateStore): Promise<void> => {
  const id = randomUUID();
  const engine = new Engine({ name: id, source: FOUR_STEPS });
  const execution = (await engine.execute({ listener: new EventEmitter() })) as PeerExecution;
  store.save(id, await engine.getState());
  for (const step of STEPS) {
    signalStep(execution, step);
    store.save(id, await engine.getState());
  }
  if (String(engine.state) !== 'idle') throw new Error(`bpmn-engine ended in ${engine.state}`);
};

/** One procedure, the engine recovered from SQLite before every step. */
const peerRecovered = async (store: StateStore): Promise<void> => {
  const id = randomUUID();
  const first = new Engine({ name: id, source: FOUR_STEPS });
  await first.execute({ listener: new EventEmitter() });
  store.save(id, await first.getState());
  let engine = first;
  for (const step of STEPS) {
    engine = new Engine({ name: id }).recover(store.load(id));
    const execution = (await engine.resume({ listener: new EventEmitter() })) as PeerExecution;
    signalStep(execution, step);
    store.save(id, await engine.getState());
  }
  if (String(engine.state) !== 'idle') throw new Error(`bpmn-engine ended in ${engine.state}`);
};

/** One procedure through cadreflow's service layer: open, then four approvals. */
const ours = async (service: ServiceUnderBench): Promise<void> => {
  const { cases, cast } = service;
  const opened = await cases.open(cast.clerk, {
    workflow: BENCH_WORKFLOW,
    subject: { title: 'Bổ nhiệm (đo hiệu năng)' },
  });
  let last = opened.state;
  for (let step = 0; step < STEPS.length; step += 1) {
    const response = await cases.sendEvent(approverOf(cast, step), opened.id, {
      type: 'APPROVE',
      comment: 'Đồng ý',
    });
    last = response.state;
  }
  if (last !== 'done') throw new Error(`cadreflow ended in ${last}`);
};

const procedures = async (seconds: number, one: () => Promise<void>): Promise<number> => {
  let count = 0;
  const start = nowNs();
  while (secondsSince(start) < seconds) {
    await one();
    count += 1;
  }
  return count / secondsSince(start);
};

export interface P3Result {
  readonly ratio: number;
  readonly ratio_spread: Figure;
  readonly ratio_vs_in_memory: number;
  readonly ours_procedures_per_s: Figure;
  readonly peer_in_memory_procedures_per_s: Figure;
  readonly peer_recovered_procedures_per_s: Figure;
  readonly steps_per_procedure: number;
  readonly rss_mib: number;
  readonly peer: string;
}

export const measureP3 = async (
  service: ServiceUnderBench,
  options: { runs: number; seconds: number },
): Promise<P3Result> => {
  const database = await createDatabase('sqlite');
  const store = openStore(database.file as string);
  try {
    await procedures(0.3, () => peerInMemory(store));
    await procedures(0.3, () => peerRecovered(store));
    await procedures(0.3, () => ours(service));
    const mine: number[] = [];
    const memory: number[] = [];
    const recovered: number[] = [];
    const { rssMiB } = await withRss(async () => {
      for (let run = 0; run < options.runs; run += 1) {
        mine.push(await procedures(options.seconds, () => ours(service)));
        memory.push(await procedures(options.seconds, () => peerInMemory(store)));
        recovered.push(await procedures(options.seconds, () => peerRecovered(store)));
      }
    });
    const ratio = ratioOf(mine, recovered);
    return {
      ratio: ratio.median,
      ratio_spread: ratio,
      ratio_vs_in_memory: ratioOf(mine, memory).median,
      ours_procedures_per_s: figure(mine),
      peer_in_memory_procedures_per_s: figure(memory),
      peer_recovered_procedures_per_s: figure(recovered),
      steps_per_procedure: STEPS.length,
      rss_mib: rssMiB,
      peer: 'bpmn-engine',
    };
  } finally {
    store.close();
    await database.drop();
  }
};
