import { ApiProperty } from '@nestjs/swagger';
import { HISTORY_ENTRY_FIELDS, fieldSpec } from './history-fields.js';

/** A history entry (SPEC §3.5) in OpenAPI; its properties are the fields of history-fields.ts. */
export class HistoryEntryDto {}

for (const field of HISTORY_ENTRY_FIELDS) {
  ApiProperty(fieldSpec(field).api)(HistoryEntryDto.prototype, field);
}
