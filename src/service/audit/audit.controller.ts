import { Body, Controller, Get, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { ReadLogService } from '../read-log/read-log.service.js';
import type { Scope } from '../units/scope.js';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OVERSIGHT_ROLES } from '../auth/principal-roles.js';
import { Roles } from '../auth/roles.decorator.js';
import { VerifyResponseDto } from '../cases/dto/case-response.dto.js';
import { invalidField } from '../common/validation.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { Clock } from '../common/clock.js';
import type { ChainDigest, DigestVerification } from './chain-digest.js';
import { AuditService, type TransitionFilter, type TransitionPage } from './audit.service.js';
import {
  DigestDto,
  DigestVerificationDto,
  PublicKeyDto,
  SystemLogPageDto,
  TransitionPageDto,
} from './dto/audit-response.dto.js';
import { SystemLogQueryDto } from './dto/system-log.query.js';
import { TransitionsQueryDto } from './dto/transitions.query.js';
import { EXPORT_CONTENT_TYPES } from './export-format.js';
import type { ChainVerification } from '../history/chain.js';
import { SigningKeyService } from './signing-key.service.js';
import { SystemLogService, type SystemLogPage } from './system-log.service.js';
import { messages } from '../common/messages.js';

/** The units of a scope as the history reads take them: undefined when it is everywhere. */
const unitsOf = (scope: Scope): readonly string[] | undefined =>
  scope.everywhere ? undefined : [...scope.unitIds];

/** What the read log keeps of an audit read: its route and query, parameters sorted. */
function readTarget(route: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? route : `${route}?${text}`;
}

function filterOf(query: TransitionsQueryDto, scope: Scope): TransitionFilter {
  // Stored instants are `toISOString()` text: bounds in the same form compare as strings.
  const from = query.from === undefined ? undefined : new Date(query.from).toISOString();
  const to = query.to === undefined ? undefined : new Date(query.to).toISOString();
  if (from !== undefined && to !== undefined && from > to) {
    throw invalidField('from', 'isBeforeTo', messages.fromAfterTo(from, to));
  }
  return {
    ...(query.workflow !== undefined ? { workflow: query.workflow } : {}),
    ...(query.actor !== undefined ? { actor: query.actor } : {}),
    ...(query.event !== undefined ? { event: query.event } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(scope.everywhere ? {} : { unitIds: [...scope.unitIds] }),
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'UNAUTHENTICATED' })
@ApiForbiddenResponse({
  type: ErrorResponseDto,
  description: 'FORBIDDEN: auditors and admins only',
})
@Roles(...OVERSIGHT_ROLES)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly systemLog: SystemLogService,
    private readonly signing: SigningKeyService,
    private readonly clock: Clock,
    private readonly readLog: ReadLogService,
  ) {}

  @Get('transitions')
  @ApiOperation({
    summary: 'History entries across cases, oldest first',
    description:
      'json: a page {items, nextCursor}. ndjson (one entry per line) and csv (RFC 4180, a header ' +
      'row, JSON columns as JSON text) stream the whole selection as a file, ignoring limit and ' +
      'cursor. An unfiltered ndjson export can be checked offline with `npm run verify`.',
  })
  @ApiProduces('application/json', 'application/x-ndjson', 'text/csv')
  @ApiOkResponse({ type: TransitionPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: a bad filter' })
  async transitions(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Query() query: TransitionsQueryDto,
  ): Promise<TransitionPage | StreamableFile> {
    const filter = filterOf(query, principal.scope);
    const format = query.format ?? 'json';
    // Every search and export is recorded (SPEC §1), under the reader's scope unit.
    await this.readLog.record(
      principal,
      format === 'json' ? 'audit' : 'export',
      readTarget('/api/audit/transitions', query),
    );
    if (format === 'json') return this.audit.transitions(filter, query.limit ?? 100, query.cursor);
    const stamp = this.clock
      .now()
      .toISOString()
      .replace(/[-:]|\.\d+/g, '');
    return new StreamableFile(this.audit.exportStream(filter, format), {
      type: EXPORT_CONTENT_TYPES[format],
      disposition: `attachment; filename="cadreflow-transitions-${stamp}.${format}"`,
    });
  }

  @Get('digest')
  @ApiOperation({
    summary: 'The head of every chain now, summed up by a Merkle root, signed',
    description:
      'Keep this document outside the system (print it, mail it, timestamp it): POST it to ' +
      '/api/audit/digest/verify later, or give it to `npm run verify -- --digest` with ' +
      '`--public-key`. Signed with Ed25519 over JCS({type: "cadreflow.digest.v1", at, cases, ' +
      'root, keyId}) (see GET /api/audit/public-key).',
  })
  @ApiOkResponse({ type: DigestDto })
  async digest(@CurrentPrincipal() principal: AuthenticatedPrincipal): Promise<ChainDigest> {
    await this.readLog.record(principal, 'digest', '/api/audit/digest');
    return this.audit.digest(unitsOf(principal.scope));
  }

  @Get('public-key')
  @ApiOperation({
    summary: 'The public key that checks digest signatures',
    description: 'keyId is the SHA-256 (hex) of the SPKI DER encoding of the key.',
  })
  @ApiOkResponse({ type: PublicKeyDto })
  publicKey(): PublicKeyDto {
    const key = this.signing.key;
    return {
      algorithm: 'Ed25519',
      keyId: key.keyId,
      pem: key.publicKeyPem,
      jwk: key.publicKeyJwk,
    };
  }

  @Post('digest/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check that nothing recorded before an earlier digest changed',
    description:
      'Each head must still be the hash at that seq of a chain that verifies up to it, the ' +
      'root must recompute from the heads, and a signature (if any) must be valid for this ' +
      "service's key. Each chain is read once, however often the digest names it.",
  })
  @ApiOkResponse({ type: DigestVerificationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: not a digest' })
  async verifyDigest(
    @CurrentPrincipal() principal: AuthenticatedPrincipal,
    @Body() digest: DigestDto,
  ): Promise<DigestVerification> {
    await this.readLog.record(principal, 'digest-verify', '/api/audit/digest/verify');
    return this.audit.verifyDigest(digest, unitsOf(principal.scope));
  }

  @Get('system')
  @ApiOperation({
    summary: 'The system log: admin actions, oldest first',
    description:
      'Principals created and revoked, workflow definitions published (built-in ones by ' +
      '`system`), calendar years uploaded: one append-only hash chain, each entry written in ' +
      'the transaction of its action. A page {items, nextCursor}.',
  })
  @ApiOkResponse({ type: SystemLogPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED: a bad cursor' })
  system(@Query() query: SystemLogQueryDto): Promise<SystemLogPage> {
    return this.systemLog.list(query.limit ?? 100, query.cursor);
  }

  @Get('system/verify')
  @ApiOperation({
    summary: "Recompute the system log's hash chain",
    description: 'Like GET /api/cases/{id}/verify, for the one chain of the system log.',
  })
  @ApiOkResponse({ type: VerifyResponseDto })
  verifySystem(): Promise<ChainVerification> {
    return this.systemLog.verify();
  }
}
