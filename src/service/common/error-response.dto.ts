import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APP_ERROR_CODES } from './app-error.js';

/** The body of every error response (SPEC §3.6), for the OpenAPI document. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({
    example: 'VALIDATION_FAILED',
    description: `One of ${APP_ERROR_CODES.join(', ')}; INTERNAL for a server fault; the status name for rarer HTTP errors`,
  })
  code!: string;

  @ApiProperty({ example: 'the request is not valid: name must be a string' })
  message!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
