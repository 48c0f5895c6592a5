/**
 * The server side of P2, run as a child process of the benchmark (so the load generator does not
 * share its event loop): `node dist/bench/http-server.js <mode> <databaseUrl> <cases>`.
 *
 * - `product`: the real service (`createApp`, Fastify) with `cases` seeded cases at `vote`.
 * - `bare-fastify`, `bare-express`: a NestJS app with one route, `POST /api/rows`, that does one
 *   insert in one transaction (the same `runInTransaction` as the product) — the baseline.
 *
 * Listens on 127.0.0.1 only, reports its port over IPC, and exits when the parent goes away.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post, type INestApplication } from '@nestjs/common';
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
import { benchSqliteSynchronous } from './support.js';

export type ServerMode = 'product' | 'bare-fastify' | 'bare-express';

export interface ServerReady {
  readonly port: number;
  readonly tokens?: { authority: string; inspection: string };
  readonly caseIds?: string[];
}

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
  const [mode, databaseUrl, casesArgument] = process.argv.slice(2) as [ServerMode, string, string];
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
    ready = {
      port: portOf(app),
      tokens: { authority: service.tokens.authority, inspection: service.tokens.inspection },
      caseIds,
    };
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
