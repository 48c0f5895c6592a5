import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response (SPEC §3.6), for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ example: 'the request is not valid: name must be a string' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
