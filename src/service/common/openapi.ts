import type { OpenAPIObject } from '@nestjs/swagger';
import { APP_ERROR_CODES } from './app-error.js';

/**
 * The codes of every error answer (SPEC §3.6): the service's own, then those of the statuses
 * the framework answers by itself (`codeForStatus`), then INTERNAL and the catch-all.
 */
export const FRAMEWORK_ERROR_CODES = [
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'REQUEST_TIMEOUT',
  'LENGTH_REQUIRED',
  'URI_TOO_LONG',
  'REQUEST_HEADER_FIELDS_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
  'HTTP_ERROR',
] as const;
export const ERROR_RESPONSE_CODES: readonly string[] = [
  ...APP_ERROR_CODES,
  ...FRAMEWORK_ERROR_CODES,
];

/** Operation ids that read as verbs; a route missing here gets `<method><Resource>`. */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  HealthController_check: 'health',
  HealthController_live: 'liveness',
  HealthController_ready: 'readiness',
  MetricsController_scrape: 'metrics',
  PrincipalsController_create: 'createPrincipal',
  PrincipalsController_list: 'listPrincipals',
  PrincipalsController_revoke: 'revokePrincipal',
  WorkflowsController_list: 'listWorkflows',
  WorkflowsController_publish: 'publishWorkflow',
  WorkflowsController_validate: 'validateWorkflow',
  WorkflowsController_simulate: 'simulateWorkflow',
  WorkflowsController_versions: 'listWorkflowVersions',
  WorkflowsController_diagram: 'workflowDiagram',
  WorkflowsController_latest: 'getWorkflow',
  WorkflowsController_version: 'getWorkflowVersion',
  CasesController_open: 'openCase',
  CasesController_list: 'listCases',
  CasesController_get: 'getCase',
  CasesController_sendEvent: 'sendEvent',
  CasesController_history: 'caseHistory',
  CasesController_verify: 'verifyCase',
  CaseDiagramController_diagram: 'caseDiagram',
  CaseMigrationsController_dryRun: 'dryRunCaseMigration',
  CaseMigrationsController_migrate: 'migrateCase',
  CaseMigrationsController_dryRunKey: 'dryRunWorkflowMigration',
  CalendarController_listYears: 'listCalendarYears',
  CalendarController_getYear: 'getCalendarYear',
  CalendarController_putYear: 'putCalendarYear',
  AuditController_transitions: 'auditTransitions',
  AuditController_digest: 'auditDigest',
  AuditController_publicKey: 'auditPublicKey',
  AuditController_verifyDigest: 'verifyDigest',
  AuditController_system: 'systemLog',
  AuditController_verifySystem: 'verifySystemLog',
};

const operationIdOf = (nestId: string): string => {
  const known = OPERATION_IDS[nestId];
  if (known) return known;
  const [controller = '', method = nestId] = nestId.split('_');
  const resource = controller.replace(/Controller$/, '');
  return `${method}${resource.charAt(0).toUpperCase()}${resource.slice(1)}`;
};

type Operation = {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  requestBody?: unknown;
  responses: Record<string, unknown>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };
const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ERROR_REF } },
});

const dedupeHeaders = (
  parameters: NonNullable<Operation['parameters']>,
): NonNullable<Operation['parameters']> => {
  const declared = new Set(
    parameters
      .filter(
        (parameter) => parameter.in === 'header' && parameter.name !== parameter.name.toLowerCase(),
      )
      .map((parameter) => parameter.name.toLowerCase()),
  );
  return parameters.filter(
    (parameter) =>
      parameter.in !== 'header' ||
      (parameter.name.toLowerCase() !== 'accept-language' &&
        !(parameter.name === parameter.name.toLowerCase() && declared.has(parameter.name))),
  );
};

/** Paths that answer without a token (SPEC §2): health and the docs. */
const isPublicPath = (path: string): boolean =>
  path === '/api/health' || path.startsWith('/api/health/') || path.startsWith('/api/docs');

/**
 * The last touches of the OpenAPI document, in one place rather than on every controller: one
 * bearer scheme (opaque tokens, no `bearerFormat`) required everywhere but on the public
 * routes; operation ids that read as verbs; the error answers every operation can give (401
 * and 429 without a valid token, 413/415 where a body is read, 404 where a path names
 * something); one optional `Idempotency-Key` header; a server and a license.
 */
type SchemaLike = {
  type?: string;
  format?: string;
  properties?: Record<string, SchemaLike>;
  items?: SchemaLike;
};

/**
 * The naming rule of every DTO: `…At` is an instant (ISO 8601, `date-time`), `…On` a civil
 * date (`YYYY-MM-DD`, `date`). Applied here so that no DTO can forget its format.
 */
const formatDates = (schema: SchemaLike): void => {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.type === 'string' && property.format === undefined) {
      if (/[a-z]At$/.test(name)) property.format = 'date-time';
      else if (/[a-z]On$/.test(name)) property.format = 'date';
    }
    formatDates(property);
    if (property.items) formatDates(property.items);
  }
};

export const finishOpenApiDocument = (document: OpenAPIObject): OpenAPIObject => {
  for (const schema of Object.values(document.components?.schemas ?? {})) {
    formatDates(schema as SchemaLike);
  }
  const schemes = document.components?.securitySchemes ?? {};
  for (const scheme of Object.values(schemes)) {
    if ('bearerFormat' in scheme) delete scheme.bearerFormat;
  }
  document.security = [{ bearer: [] }];
  document.servers = [{ url: '/', description: 'this service' }];
  document.info.license = { name: 'UNLICENSED (proprietary)' };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (!operation) continue;
      if (operation.operationId) operation.operationId = operationIdOf(operation.operationId);
      // Headers: `@Headers('idempotency-key')` makes a required lower-case parameter beside the
      // `@ApiHeader` one; the declared one stays. Accept-Language is said once, in the info.
      if (operation.parameters) operation.parameters = dedupeHeaders(operation.parameters);
      const responses = operation.responses;
      const add = (status: string, description: string) => {
        responses[status] ??= errorResponse(description);
      };
      if (isPublicPath(path)) {
        operation.security = [];
        continue;
      }
      delete operation.security;
      add('401', 'no valid bearer token (UNAUTHENTICATED)');
      add('429', 'too many failed authentications from this address (RATE_LIMITED)');
      if (path.includes('{')) add('404', "not found, or outside the caller's scope (NOT_FOUND)");
      if (operation.requestBody !== undefined) {
        add('400', 'the body is not valid (VALIDATION_FAILED)');
        add('413', 'the body is larger than the limit (PAYLOAD_TOO_LARGE)');
        add('415', 'the body is not JSON (UNSUPPORTED_MEDIA_TYPE)');
      }
    }
  }
  return document;
};
