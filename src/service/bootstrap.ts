import 'reflect-metadata';
import helmet from '@fastify/helmet';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { RequestAuthenticator } from './auth/request-authenticator.js';
import { AppError } from './common/app-error.js';
import {
  AppErrorFilter,
  codeForStatus,
  type ErrorResponseBody,
} from './common/app-error.filter.js';
import type { Clock } from './common/clock.js';
import { drainRequestBody } from './common/drain-request.js';
import { createJsonBodyParser } from './common/json-body-parser.js';
import { parseYamlBody, YAML_MEDIA_TYPES } from './common/yaml-body-parser.js';
import { RejectNulCharactersPipe } from './common/nul-characters.js';
import { redactUrl } from './common/redact-url.js';
import { ADMIN_BODY_ROUTE, PUBLIC_ROUTE, routeHas } from './common/route-flags.js';
import {
  parseSheetBody,
  SHEET_BODY_LIMIT_BYTES,
  SHEET_MEDIA_TYPES,
} from './common/sheet-body-parser.js';
import { urlUnicodeProblems } from './common/unicode.js';
import { preferredLanguage } from './common/language.js';
import { clientErrorHandler } from './common/client-error.js';
import { createValidationPipe, invalidField, validationFailed } from './common/validation.js';
import type { EnvironmentOverrides } from './config/app-config.module.js';
import { validateEnv, type AppLogLevel } from './config/env.validation.js';
import { messages } from './common/messages.js';
import { Metrics } from './metrics/metrics.js';
import { finishOpenApiDocument } from './common/openapi.js';
import { logDestination, PinoNestLogger, type LogFormat } from './common/log.js';

export interface CreateAppOptions {
  /** Overrides DATABASE_URL. */
  databaseUrl?: string;
  /** Overrides ADMIN_TOKEN; '' means none, whatever the environment says. */
  adminToken?: string;
  /** The time source (tests pass a controllable clock). */
  clock?: Clock;
  /** Overrides LOG_LEVEL: Nest's logger option (`false` silences it). */
  logger?: false | LoggerService | LogLevel[];
  /**
   * The request log (Fastify's pino, one JSON line per request and response, with its request
   * id): its level (LOG_LEVEL's by default; `false` silences it) and where it goes (stdout).
   */
  requestLog?: { level?: AppLogLevel | false; stream?: { write(line: string): void } };
  /** Overrides AUTH_FAILURES_PER_MINUTE. */
  authFailuresPerMinute?: number;
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

// Nest's level names in pino's (Fastify's request log).
const PINO_LEVEL: Readonly<Record<AppLogLevel, string>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

// A caller's X-Request-Id is kept when it is a plain token (a proxy's or client's trace id);
// anything else is replaced, so that log lines never carry arbitrary client text as an id.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const requestIdOf = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

/** Where the API docs are served; public, like health. */
const DOCS_PATH = 'api/docs';
const isDocsRoute = (url: string | undefined): boolean =>
  url !== undefined && url.startsWith(`/${DOCS_PATH}`);

const MEBIBYTE = 1024 * 1024;
/** How long an error answer waits for the unread rest of the request body (see drain-request). */
const DRAIN_MAX_MS = 10_000;

const requestLogOptions = (options: CreateAppOptions, envLevel: AppLogLevel, format: LogFormat) => {
  const level = options.requestLog?.level ?? envLevel;
  if (level === false) return false;
  const stream = logDestination(format, options.requestLog?.stream);
  return {
    level: PINO_LEVEL[level],
    ...(stream ? { stream } : {}),
    // Fastify's request serializer, but a credential in the query string (`?access_token=…`)
    // is replaced by [redacted].
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
    // It logs method, URL and addresses, never headers; should one ever be added, the
    // credentials are cut out here.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
};

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
  if (options.authFailuresPerMinute !== undefined) {
    overrides.AUTH_FAILURES_PER_MINUTE = String(options.authFailuresPerMinute);
  }
  // Validated here too (ConfigModule does it again) because the adapter needs the body limit.
  const env = validateEnv({ ...process.env, ...overrides });

  const bodyLimit = env.BODY_LIMIT_BYTES;
  const adminBodyLimit = Math.max(env.ADMIN_BODY_LIMIT_BYTES, bodyLimit);
  const drainLimit = Math.max(16 * MEBIBYTE, 4 * adminBodyLimit);
  // Bound once the application exists; the framework's own early answers (414, 431) count too.
  const late: { metrics?: Metrics } = {};
  const adapter = new FastifyAdapter({
    bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: requestIdOf,
    // Requests too broken to reach a route (431 headers, not HTTP at all) answer in the one shape.
    clientErrorHandler,
    logger: requestLogOptions(options, env.LOG_LEVEL, env.LOG_FORMAT),
    // The router refuses a malformed URL (bad percent-encoding: 400) or an over-long parameter
    // (414) before Nest sees the request; answer those in the API's error shape too.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status =
        error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
      const invalid =
        status === 400
          ? invalidField('url', 'isUrl', {
              en: 'the URL is not valid',
              vi: 'Đường dẫn (URL) không hợp lệ',
            })
          : undefined;
      const language = preferredLanguage(request.headers['accept-language']);
      const body: ErrorResponseBody = invalid
        ? {
            statusCode: 400,
            code: invalid.code,
            message: invalid.messageIn(language),
            details: invalid.details,
          }
        : {
            statusCode: status,
            code: codeForStatus(status),
            message:
              language === 'vi'
                ? status === 414
                  ? 'Đường dẫn (URL) quá dài'
                  : `Lỗi HTTP ${status}`
                : error.message,
          };
      late.metrics?.errorAnswered(body.code, body.statusCode);
      void reply
        .code(status)
        .header('content-language', language)
        .header('vary', 'Accept-Language')
        .send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(overrides, options.clock),
    adapter,
    {
      // Nest's own lines in the request log's JSON shape (or pretty), unless a test passes its own.
      logger:
        options.logger === false || (options.logger !== undefined && !Array.isArray(options.logger))
          ? options.logger
          : PinoNestLogger.create(env.LOG_FORMAT, options.logger ?? logLevelsFrom(env.LOG_LEVEL)),
      abortOnError: false,
      // Only JSON bodies: Fastify's text/plain and Nest's urlencoded parsers are not installed,
      // so any other content type is answered 415.
      bodyParser: false,
    },
  );

  const fastify = app.getHttpAdapter().getInstance();
  const appMetrics = app.get(Metrics);
  late.metrics = appMetrics;
  // Latency by route pattern (never the raw URL: ids would make a series per case).
  fastify.addHook('onResponse', (request, reply, done) => {
    appMetrics.httpAnswered(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit }, createJsonBodyParser(fastify));
  // Definitions and calendar years may also come as YAML (the admin routes only; 415 elsewhere).
  app.useBodyParser(YAML_MEDIA_TYPES, { bodyLimit }, parseYamlBody);
  // The cadre import takes CSV and XLSX files as they are (its route only; 415 elsewhere). The
  // larger limit is the parser's, so a JSON body sent there still has the ordinary one.
  app.useBodyParser(SHEET_MEDIA_TYPES, { bodyLimit: SHEET_BODY_LIMIT_BYTES }, parseSheetBody);
  // The admin routes that take definitions and calendar years get the larger limit (routes are
  // registered at init, after this hook).
  fastify.addHook('onRoute', (route) => {
    if (routeHas(route.config, ADMIN_BODY_ROUTE)) route.bodyLimit = adminBodyLimit;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    // Lets a client quote the id that a logged server error carries.
    void reply.header('x-request-id', request.id);
    done();
  });
  // An answer to a request whose body was not read (refused for its size or before it was read,
  // or a GET whose route never reads one, like the docs' files) waits for the client to finish
  // sending it: otherwise the connection is reset under the client and it never sees the answer.
  // A body already read costs one check.
  fastify.addHook('onSend', async (request, _reply, payload) => {
    await drainRequestBody(request.raw, drainLimit, DRAIN_MAX_MS);
    return payload;
  });
  // Graceful shutdown: `app.close()` (SIGTERM, SIGINT) stops accepting connections and waits
  // for the requests in flight, and only then do the modules (the database) shut down. A
  // keep-alive connection would hold that wait until the client hangs up, so every response
  // sent once closing has begun tells the client to close its connection.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  // Security headers on every response (CSP, nosniff, frame-ancestors 'none', HSTS…). Swagger
  // UI at /api/docs loads only its own scripts and styles, which the default CSP allows, plus
  // inline styles and data: images, which it allows too.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'frame-ancestors': ["'none'"], 'form-action': ["'self'"] },
    },
  });

  // The door, before any body is read: every route but health and the docs authenticates its
  // caller here (a flood of anonymous bodies costs no parsing), an admin-sized body is only
  // taken from an admin, and a URL whose query is not well-formed Unicode is refused.
  const authenticator = app.get(RequestAuthenticator);
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const config: unknown = request.routeOptions.config;
    if (!routeHas(config, PUBLIC_ROUTE) && !isDocsRoute(request.routeOptions.url)) {
      const principal = await authenticator.authenticate(request, reply);
      if (routeHas(config, ADMIN_BODY_ROUTE) && !principal.roles.includes('admin')) {
        throw new AppError('FORBIDDEN', messages.rolesRequired(['admin']), {
          allowedRoles: ['admin'],
        });
      }
    }
    const problems = urlUnicodeProblems(request.raw.url ?? '');
    if (problems.length > 0) throw validationFailed(problems);
  });

  app.setGlobalPrefix('api');
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
  app.useGlobalFilters(
    new AppErrorFilter({
      bodyLimitBytes: bodyLimit,
      bodyLimitOf: (request) => request.routeOptions.bodyLimit ?? bodyLimit,
      onAnswer: (code, status) => appMetrics.errorAnswered(code, status),
    }),
  );
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('cadreflow')
    .setDescription(
      'Workflow engine for Vietnamese personnel procedures. Every route but health and docs needs ' +
        '"Authorization: Bearer &lt;token&gt;". Errors are {statusCode, code, message, details?}; ' +
        'messages are in Vietnamese or English after Accept-Language (vi by default).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'a principal token (cf_…)' })
    .build();
  // A factory: the document is built on first request, once every module's routes exist.
  SwaggerModule.setup(
    DOCS_PATH,
    app,
    () => finishOpenApiDocument(SwaggerModule.createDocument(app, openApi)),
    {
      jsonDocumentUrl: 'api/docs-json',
      yamlDocumentUrl: 'api/docs-yaml',
    },
  );

  return app;
};
