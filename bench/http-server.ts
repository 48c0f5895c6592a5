/**
 * The server side of P2, run as a child process of the benchmark (so the load generator does not
 * share its event loop): `node dist/bench/http-server.js <mode> <databaseUrl> <cases>`.
 *
 * - `product`: the real service (`createApp`, Fastify) with `cases` seeded cases at `vote`.
 * - `bare-fastify`, `bare-express`: a NestJS app with one route, `POST /api/rows`, that does one
 *   insert in one transaction (the same `runInTransaction` as the product) — the first baseline.
 * - `same-work-fastify`: a NestJS app on Fastify with one route, `POST /api/cases/:id/events`,
 *   that runs the "same work" loop of bench/same-work.ts (no authentication, no ORM, no view) on
 *   the product's database — issue 12's baseline. Its actors come as JSON in the fourth argument.
 *
 * Listens on 127.0.0.1 only, reports its port over IPC, and exits when the parent goes away.
 */
import 'reflect-metadata';
import {
  Body,
  Controller,
  Headers,
  HttpCode,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { getDataSourceToken, InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DataSource } from 'typeorm';
import {
  createDataSourceOptions,
  isPostgres,
} from '../src/service/database/data-source-options.js';
import { runInTransaction } from '../src/service/database/transaction-runner.js';
import type { Actor } from '../src/engine/index.js';
import { parseDatabaseUrl } from '../src/service/database/database-url.js';
import { postgresSameWork, sqliteSameWork, type SameWork } from './same-work.js';
import { benchSqliteSynchronous } from './support.js';

export type ServerMode = 'product' | 'bare-fastify' | 'bare-express' | 'same-work-fastify';

/** The approvers of the last two steps, as the "same work" route acts for them. */
export interface BenchActors {
  readonly authority: Actor;
  readonly inspection: Actor;
}

export interface ServerReady {
  readonly port: number;
  readonly tokens?: { authority: string; inspection: string };
  readonly actors?: BenchActors;
  readonly caseIds?: string[];
}

/** The pool size of the service's TypeORM PostgreSQL driver (pg's default). */
const SERVICE_PG_POOL = 10;

@Controller('rows')
class RowsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(201)
  async insert(@Body() body: { payload?: unknown }): Promise<{ ok: true }> {
    const sql = `INSERT INTO bench_row (payload) VALUES (${isPostgres(this.dataSource) ? '$1' : '?'})`;
    await runInTransaction(this.dataSource, (manager) =>
      manager.query(sql, [JSON.stringify(body.payload ?? null)]),
    );
    return { ok: true };
  }
}

const sameWorkModule = (sameWork: SameWork, actors: BenchActors) => {
  @Controller('cases')
  class SameWorkController {
    @Post(':id/events')
    @HttpCode(200)
    step(
      @Param('id') id: string,
      @Headers('x-bench-actor') actor: string | undefined,
    ): Promise<{ state: string }> {
      return sameWork.step(id, actor === 'inspection' ? actors.inspection : actors.authority);
    }
  }
  @Module({ controllers: [SameWorkController] })
  class SameWorkModule {}
  return SameWorkModule;
};

const startSameWork = async (
  databaseUrl: string,
  actors: BenchActors,
): Promise<INestApplication> => {
  const target = parseDatabaseUrl(databaseUrl);
  if (!target) throw new Error(`not a database URL: ${databaseUrl}`);
  const sameWork =
    target.kind === 'postgres'
      ? await postgresSameWork(target.url, SERVICE_PG_POOL)
      : sqliteSameWork(target.path);
  const app = await NestFactory.create(
    sameWorkModule(sameWork, actors),
    new FastifyAdapter({ logger: false }),
    { logger: ['error'] },
  );
  app.setGlobalPrefix('api');
  await app.init();
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await sameWork.close();
  };
  return app;
};

const bareModule = (databaseUrl: string) => {
  @Module({
    imports: [
      TypeOrmModule.forRoot(
        createDataSourceOptions(databaseUrl, { sqliteSynchronous: benchSqliteSynchronous() }),
      ),
    ],
    controllers: [RowsController],
  })
  class BareModule {}
  return BareModule;
};

const startBare = async (mode: ServerMode, databaseUrl: string): Promise<INestApplication> => {
  const module = bareModule(databaseUrl);
  const app =
    mode === 'bare-express'
      ? await NestFactory.create(module, new ExpressAdapter(), { logger: ['error'] })
      : await NestFactory.create(module, new FastifyAdapter({ logger: false }), {
          logger: ['error'],
        });
  app.setGlobalPrefix('api');
  await app.init();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  await dataSource.query(
    isPostgres(dataSource)
      ? 'CREATE TABLE IF NOT EXISTS bench_row (id bigserial PRIMARY KEY, payload text NOT NULL)'
      : 'CREATE TABLE IF NOT EXISTS bench_row (id integer PRIMARY KEY, payload text NOT NULL)',
  );
  return app;
};

const main = async (): Promise<void> => {
  const [mode, databaseUrl, casesArgument, actorsArgument] = process.argv.slice(2) as [
    ServerMode,
    string,
    string,
    string | undefined,
  ];
  // Never outlive the benchmark that started us.
  process.on('disconnect', () => process.exit(0));
  let ready: ServerReady;
  let app: INestApplication;
  if (mode === 'product') {
    // Imported here only: the product's modules register their own default data source.
    const { Seeder, startService } = await import('./service.js');
    const service = await startService(databaseUrl, { withHttp: true });
    const seeder = new Seeder(service);
    const count = Number(casesArgument);
    const caseIds = await seeder.seedTo(count + 1, count);
    app = service.app;
    await app.listen(0, '127.0.0.1');
    const actorOf = (principal: { id: string; roles: readonly string[] }): Actor => ({
      id: principal.id,
      roles: [...principal.roles],
    });
    ready = {
      port: portOf(app),
      tokens: { authority: service.tokens.authority, inspection: service.tokens.inspection },
      actors: {
        authority: actorOf(service.cast.authority),
        inspection: actorOf(service.cast.inspection),
      },
      caseIds,
    };
  } else if (mode === 'same-work-fastify') {
    app = await startSameWork(databaseUrl, JSON.parse(actorsArgument ?? '{}') as BenchActors);
    await app.listen(0, '127.0.0.1');
    ready = { port: portOf(app) };
  } else {
    app = await startBare(mode, databaseUrl);
    await app.listen(0, '127.0.0.1');
    ready = { port: portOf(app) };
  }
  if (process.send) process.send({ ready });
  // Started by hand (to profile it): print where it listens and the first tokens and cases.
  else
    process.stdout.write(
      `${JSON.stringify({ ...ready, caseIds: ready.caseIds?.slice(0, 5000) })}\n`,
    );
  process.on('message', (message: unknown) => {
    if (message === 'stop') void app.close().finally(() => process.exit(0));
  });
};

const portOf = (app: INestApplication): number =>
  ((app.getHttpServer() as Server).address() as AddressInfo).port;

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
