import 'reflect-metadata';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module.js';
import {
  AppErrorFilter,
  codeForStatus,
  type ErrorResponseBody,
} from './common/app-error.filter.js';
import type { Clock } from './common/clock.js';
import { createJsonBodyParser } from './common/json-body-parser.js';
import { createValidationPipe } from './common/validation.js';
import type { EnvironmentOverrides } from './config/app-config.module.js';
import { validateEnv, type AppLogLevel } from './config/env.validation.js';

export interface CreateAppOptions {
  /** Overrides DATABASE_URL. */
  databaseUrl?: string;
  /** Overrides ADMIN_TOKEN; '' means none, whatever the environment says. */
  adminToken?: string;
  /** The time source (tests pass a controllable clock). */
  clock?: Clock;
  /** Overrides LOG_LEVEL: Nest's logger option (`false` silences it). */
  logger?: false | LoggerService | LogLevel[];
}

// Nest's levels, most verbose first; LOG_LEVEL keeps its own level and every one after it.
const NEST_LOG_LEVELS: readonly AppLogLevel[] = [
  'verbose',
  'debug',
  'log',
  'warn',
  'error',
  'fatal',
];
const logLevelsFrom = (level: AppLogLevel): LogLevel[] =>
  NEST_LOG_LEVELS.slice(NEST_LOG_LEVELS.indexOf(level));

/**
 * The configured application, not yet initialised: `main.ts` listens on it, tests call
 * `app.init()`. Everything that shapes the HTTP behaviour (body limit, JSON-only bodies,
 * prototype-poisoning protection, `/api` prefix, validation, error shape, OpenAPI) is set here
 * and only here, so tests and production cannot drift.
 */
export const createApp = async (
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> => {
  const overrides: EnvironmentOverrides = {};
  if (options.databaseUrl !== undefined) overrides.DATABASE_URL = options.databaseUrl;
  if (options.adminToken !== undefined) overrides.ADMIN_TOKEN = options.adminToken;
  // Validated here too (ConfigModule does it again) because the adapter needs the body limit.
  const env = validateEnv({ ...process.env, ...overrides });

  const adapter = new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => randomUUID(),
    logger: false,
    // The router refuses a malformed URL (bad percent-encoding: 400) or an over-long parameter
    // (414) before Nest sees the request; answer those in the API's error shape too.
    frameworkErrors: (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
      const status =
        error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
      const body: ErrorResponseBody = {
        statusCode: status,
        code: codeForStatus(status),
        message: status === 400 ? 'the URL is not valid' : error.message,
      };
      void reply.code(status).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(overrides, options.clock),
    adapter,
    {
      logger: options.logger ?? logLevelsFrom(env.LOG_LEVEL),
      abortOnError: false,
      // Only JSON bodies: Fastify's text/plain and Nest's urlencoded parsers are not installed,
      // so any other content type is answered 415.
      bodyParser: false,
    },
  );

  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeAllContentTypeParsers();
  app.useBodyParser(
    'application/json',
    { bodyLimit: env.BODY_LIMIT_BYTES },
    createJsonBodyParser(fastify),
  );
  fastify.addHook('onRequest', (request, reply, done) => {
    // Lets a client quote the id that a logged server error carries.
    void reply.header('x-request-id', request.id);
    done();
  });

  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppErrorFilter({ bodyLimitBytes: env.BODY_LIMIT_BYTES }));
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('cadreflow')
    .setDescription(
      'Workflow engine for Vietnamese personnel procedures. Every route but health and docs needs ' +
        '"Authorization: Bearer <token>". Errors are {statusCode, code, message, details?}.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a principal token (cf_…)' })
    .build();
  // A factory: the document is built on first request, once every module's routes exist.
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
    yamlDocumentUrl: 'api/docs-yaml',
  });

  return app;
};
