/**
 * Starts the whole service, as `createApp` builds it for production, on a throw-away database:
 *
 *   describe.each(databasesUnderTest())('principals on %s', (database) => {
 *     let t: TestApp;
 *     beforeAll(async () => { t = await startTestApp({ database }); });
 *     afterAll(() => t.close());
 *     it('…', () => t.http.get('/api/health').expect(200));
 *   });
 */
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request, { type Agent } from 'supertest';
import type { PrincipalRole } from '../../src/service/auth/principal-roles.js';
import { createApp, type CreateAppOptions } from '../../src/service/bootstrap.js';
import type { Clock } from '../../src/service/common/clock.js';
import {
  createThrowawayDatabase,
  databasesUnderTest,
  type DatabaseUnderTest,
  type ThrowawayDatabase,
} from './throwaway-database.js';

export { databasesUnderTest, type DatabaseUnderTest };

export interface StartTestAppOptions {
  database: DatabaseUnderTest;
  /**
   * ADMIN_TOKEN: a fresh random token by default; `null` starts without one (the service then
   * creates an admin if none exists and prints its token).
   */
  adminToken?: string | null;
  /** Runs on this database (of the same kind) instead of a fresh one, and keeps it on close. */
  existingDatabase?: ThrowawayDatabase;
  /** The service's time source; the system clock by default. */
  clock?: Clock;
  /** Nest's logger; by default only warnings and errors are shown. */
  logger?: false | LoggerService | LogLevel[];
  /** The request log (pino); by default only its warnings and errors, on stdout. */
  requestLog?: CreateAppOptions['requestLog'];
  /** AUTH_FAILURES_PER_MINUTE; the service's default (20) unless given. */
  authFailuresPerMinute?: number;
}

export interface ServerErrorSeen {
  method: string;
  url: string;
  statusCode: number;
}

export interface TestPrincipal {
  id: string;
  name: string;
  roles: PrincipalRole[];
  token: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  /** A supertest agent on the app; paths include the `/api` prefix. */
  http: Agent;
  /** The token of the `admin` principal (passed as ADMIN_TOKEN); '' when started without one. */
  adminToken: string;
  database: DatabaseUnderTest;
  databaseUrl: string;
  /** Creates a principal through the API (as admin) and returns it with its token. */
  createPrincipal(roles: PrincipalRole[], name?: string): Promise<TestPrincipal>;
  /** Every 5xx response the app has sent so far: a spec asserts it stays empty. */
  serverErrors(): readonly ServerErrorSeen[];
  /** Closes the app and deletes its database. */
  close(): Promise<void>;
}

let principalCounter = 0;

export const startTestApp = async (options: StartTestAppOptions): Promise<TestApp> => {
  const ownDatabase = options.existingDatabase === undefined;
  const database = options.existingDatabase ?? (await createThrowawayDatabase(options.database));
  const dropOwnDatabase = () => (ownDatabase ? database.drop() : Promise.resolve());
  const adminToken =
    options.adminToken === undefined
      ? `cf_test_${randomBytes(24).toString('base64url')}`
      : (options.adminToken ?? '');
  const seen: ServerErrorSeen[] = [];
  let app: NestFastifyApplication | undefined;
  try {
    app = await createApp({
      databaseUrl: database.url,
      // '' overrides an ADMIN_TOKEN of the environment with "none".
      adminToken,
      ...(options.clock ? { clock: options.clock } : {}),
      logger: options.logger ?? ['warn', 'error', 'fatal'],
      requestLog: options.requestLog ?? { level: 'warn' },
      ...(options.authFailuresPerMinute !== undefined
        ? { authFailuresPerMinute: options.authFailuresPerMinute }
        : {}),
    });
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addHook('onResponse', (req, reply, done) => {
      if (reply.statusCode >= 500) {
        seen.push({ method: req.method, url: req.url, statusCode: reply.statusCode });
      }
      done();
    });
    await app.init();
    await fastify.ready();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await dropOwnDatabase();
    throw error;
  }

  const started = app;
  const http = request.agent(started.getHttpServer());
  return {
    app: started,
    http,
    adminToken,
    database: options.database,
    databaseUrl: database.url,
    createPrincipal: async (roles, name) => {
      principalCounter += 1;
      const response = await http
        .post('/api/principals')
        .set('Authorization', `Bearer ${adminToken}`)
        .send({ name: name ?? `test principal ${principalCounter}`, roles })
        .expect(201);
      return response.body as TestPrincipal;
    },
    serverErrors: () => [...seen],
    close: async () => {
      try {
        await started.close();
      } finally {
        await dropOwnDatabase();
      }
    },
  };
};
