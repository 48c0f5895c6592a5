import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { HistoryEntryDto } from '../../history/history-entry.dto.js';
import { MAX_DIGEST_HEADS } from '../chain-digest.js';

const HEX64 = /^[0-9a-f]{64}$/;
const HEX64_MESSAGE = '$property must be 64 lowercase hex digits';

export class TransitionPageDto {
  @ApiProperty({ type: HistoryEntryDto, isArray: true }) items!: HistoryEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' })
  nextCursor!: string | null;
}

export class SystemLogEntryDto {
  @ApiProperty({ example: 1 }) seq!: number;
  @ApiProperty({ example: '2026-03-20T10:00:00.000Z' }) at!: string;
  @ApiProperty({ description: 'The principal id, or `system`.' }) actorId!: string;
  @ApiProperty({
    enum: [
      'principal.create',
      'principal.revoke',
      'principal.token-reset',
      'workflow.publish',
      'calendar.year.publish',
      'cadre.import',
      'unit.create',
      'unit.import',
    ],
  })
  action!: string;
  @ApiProperty({ description: 'A principal id, `key@version`, or a calendar year.' })
  target!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: object;
  @ApiProperty({ example: '0'.repeat(64) }) prevHash!: string;
  @ApiProperty() hash!: string;
}

export class SystemLogPageDto {
  @ApiProperty({ type: SystemLogEntryDto, isArray: true }) items!: SystemLogEntryDto[];
  @ApiProperty({ nullable: true, type: String, description: 'null on the last page' })
  nextCursor!: string | null;
}

export class ChainHeadDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @MaxLength(36)
  caseId!: string;

  @ApiProperty({ example: 12, description: 'The seq of the chain head.' })
  @IsInt()
  @Min(1)
  seq!: number;

  @ApiProperty({ example: 'a3f1…', description: 'The hash of that entry.' })
  @IsString()
  @Matches(HEX64, { message: HEX64_MESSAGE })
  head!: string;
}

/** A digest, as GET /api/audit/digest returns it and POST /api/audit/digest/verify takes it. */
export class DigestDto {
  @ApiProperty({ example: '2026-03-20T10:00:00.000Z', description: 'When the heads were read.' })
  @IsString()
  @MaxLength(40)
  at!: string;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(0)
  cases!: number;

  @ApiProperty({
    type: ChainHeadDto,
    isArray: true,
    maxItems: MAX_DIGEST_HEADS,
    description: 'Sorted by caseId.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_DIGEST_HEADS)
  @ValidateNested({ each: true })
  @Type(() => ChainHeadDto)
  heads!: ChainHeadDto[];

  @ApiProperty({
    description:
      'Merkle root: leaves sha256_hex(JCS({caseId, seq, head})) in caseId order, ' +
      'nodes sha256_hex(left + right), an odd last node goes up unchanged.',
  })
  @IsString()
  @Matches(HEX64, { message: HEX64_MESSAGE })
  root!: string;

  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the signing public key, SPKI DER.' })
  @IsOptional()
  @IsString()
  @Matches(HEX64, { message: HEX64_MESSAGE })
  keyId?: string;

  @ApiPropertyOptional({
    description:
      'Ed25519 signature, base64, of the UTF-8 of ' +
      'JCS({type: "cadreflow.digest.v1", at, cases, root, keyId}).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  signature?: string;
}

export class PublicKeyDto {
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the SPKI DER encoding.' }) keyId!: string;
  @ApiProperty({ description: 'The public key, PEM (SPKI).' }) pem!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The public key, JWK.' })
  jwk!: object;
}

export class DigestProblemDto {
  @ApiProperty({
    enum: [
      'SIGNATURE_INVALID',
      'KEY_UNKNOWN',
      'ROOT_MISMATCH',
      'COUNT_MISMATCH',
      'DUPLICATE_CASE',
      'CASE_MISSING',
      'ENTRY_MISSING',
      'HEAD_CHANGED',
      'CHAIN_BROKEN',
    ],
  })
  code!: string;
  @ApiPropertyOptional() caseId?: string;
  @ApiPropertyOptional() seq?: number;
  @ApiProperty() reason!: string;
}

export class DigestVerificationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ description: 'How many heads of the digest were checked.' }) checked!: number;
  @ApiProperty({ description: 'Whether the digest carried a valid signature by this service.' })
  signed!: boolean;
  @ApiProperty({ type: DigestProblemDto, isArray: true }) problems!: DigestProblemDto[];
}
