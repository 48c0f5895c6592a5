import { ApiProperty } from '@nestjs/swagger';
import { PRINCIPAL_ROLES, type PrincipalRole } from '../principal-roles.js';
import type { PrincipalEntity } from '../principal.entity.js';

/** A principal as listed: never its token nor the token's hash. */
export class PrincipalDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES, isArray: true })
  roles!: PrincipalRole[];

  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: its unit' })
  scopeUnitId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt!: string | null;

  static from(entity: PrincipalEntity): PrincipalDto {
    return {
      id: entity.id,
      name: entity.name,
      roles: [...entity.roles],
      unitId: entity.unitId,
      scopeUnitId: entity.scopeUnitId,
      createdAt: entity.createdAt,
      revokedAt: entity.revokedAt,
    };
  }
}

/** The answer to a creation, the only time the token is shown. */
export class CreatedPrincipalDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: PRINCIPAL_ROLES, isArray: true })
  roles!: PrincipalRole[];

  @ApiProperty({ format: 'uuid' })
  unitId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  scopeUnitId!: string | null;

  @ApiProperty({ description: 'The bearer token. Shown this once; store it now.', example: 'cf_…' })
  token!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}
