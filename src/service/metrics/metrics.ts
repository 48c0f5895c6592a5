import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Transactions } from '../database/transactions.js';

/** The result of an event sent to a case, as the transitions counter labels it. */
export type TransitionResult = 'accepted' | 'refused';

/**
 * The service's Prometheus metrics (`GET /api/metrics`), through prom-client. Each application
 * has its own registry (tests start several in one process; the global one would mix them).
 * Counters are per process: Prometheus sums the processes of a PostgreSQL deployment.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly transitions = new Counter({
    name: 'cadreflow_transitions_total',
    help: 'Events sent to cases, by workflow, event and result (accepted or refused)',
    labelNames: ['workflow', 'event', 'result'] as const,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'cadreflow_error_responses_total',
    help: 'Error answers of the API by error code and HTTP status (refusals included)',
    labelNames: ['code', 'status'] as const,
    registers: [this.registry],
  });

  private readonly deadlineLag = new Histogram({
    name: 'cadreflow_deadline_fire_lag_seconds',
    help: 'Time from the moment a deadline became due (the start of the day after its due day, Vietnam time) to its firing',
    labelNames: ['outcome'] as const,
    buckets: [1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 24 * 3600, 7 * 24 * 3600],
    registers: [this.registry],
  });

  private readonly http = new Histogram({
    name: 'cadreflow_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(transactions: Transactions) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cadreflow_' });
    new Gauge({
      name: 'cadreflow_db_pool_connections',
      help: 'Database connections by state (PostgreSQL pool: total, idle, waiting clients; SQLite: its one connection)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const usage = transactions.poolUsage();
        this.set({ state: 'total' }, usage.total);
        this.set({ state: 'idle' }, usage.idle);
        this.set({ state: 'waiting' }, usage.waiting);
      },
    });
  }

  transition(workflow: string, event: string, result: TransitionResult): void {
    this.transitions.inc({ workflow, event, result });
  }

  errorAnswered(code: string, status: number): void {
    this.errors.inc({ code, status: String(status) });
  }

  deadlineFired(outcome: string, lagSeconds: number): void {
    this.deadlineLag.observe({ outcome }, Math.max(0, lagSeconds));
  }

  httpAnswered(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
