import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { UuidParamPipe } from '../common/uuid-param.pipe.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { AuthenticatedPrincipal } from './authenticated-principal.js';
import { CurrentPrincipal } from './current-principal.decorator.js';
import { CreatePrincipalDto } from './dto/create-principal.dto.js';
import { CreatedPrincipalDto, PrincipalDto } from './dto/principal-response.dto.js';
import { PrincipalsService } from './principals.service.js';
import { Roles } from './roles.decorator.js';

@ApiTags('principals')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponseDto })
@ApiForbiddenResponse({ type: ErrorResponseDto, description: 'the caller is not an admin' })
@Roles('admin')
@Controller('principals')
export class PrincipalsController {
  constructor(private readonly principals: PrincipalsService) {}

  @Post()
  @ApiOperation({ summary: 'Create a principal; its token is in this response only' })
  @ApiCreatedResponse({ type: CreatedPrincipalDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'VALIDATION_FAILED' })
  async create(
    @Body() dto: CreatePrincipalDto,
    @CurrentPrincipal() caller: AuthenticatedPrincipal,
  ): Promise<CreatedPrincipalDto> {
    const { principal, token } = await this.principals.create(dto, caller.id);
    return {
      id: principal.id,
      name: principal.name,
      roles: [...principal.roles],
      unitId: principal.unitId,
      scopeUnitId: principal.scopeUnitId,
      token,
      createdAt: principal.createdAt,
    };
  }

  @Get()
  @ApiOperation({ summary: 'List principals (without tokens)' })
  @ApiOkResponse({ type: PrincipalDto, isArray: true })
  async list(): Promise<PrincipalDto[]> {
    return (await this.principals.list()).map((principal) => PrincipalDto.from(principal));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a principal's token" })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'the id is not a UUID' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async revoke(
    @Param('id', new UuidParamPipe({ path: 'id', what: 'the principal id' })) id: string,
    @CurrentPrincipal() caller: AuthenticatedPrincipal,
  ): Promise<void> {
    await this.principals.revoke(id, caller.id);
  }
}
