import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_RESPONSE_CODES } from './openapi.js';

/** The body of every error response (SPEC §3.6), for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    enum: ERROR_RESPONSE_CODES,
    enumName: 'ErrorCode',
    description: 'What went wrong, for programs (SPEC §3.6); INTERNAL is a server fault',
  })
  code!: string;

  @ApiProperty({ example: 'the request is not valid: name must be a string' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
