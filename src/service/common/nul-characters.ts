import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { AppError } from './app-error.js';
import { invalidField } from './validation.js';
import { messages } from './messages.js';

/**
 * Where in a value (a path like `/subject/name`) a string or key holds U+0000, if anywhere.
 * No field of the API accepts it, and PostgreSQL refuses it in text (it would be a 500), so it
 * is refused at the door on every database alike. Iterative: a hostile value cannot overflow
 * the stack.
 */
export const nulCharacterAt = (value: unknown, root = ''): string | undefined => {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) return next.path || '/';
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null) continue;
    for (const [key, item] of Object.entries(next.value)) {
      const path = `${next.path}/${key}`;
      if (key.includes('\u0000')) return path;
      pending.push({ value: item, path });
    }
  }
  return undefined;
};

export const nulCharacterError = (where: string): AppError =>
  invalidField(where, 'noNulCharacter', messages.nulCharacter(where));

/** Global pipe: refuses a path parameter or query value with U+0000 (bodies: the JSON parser). */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' && metadata.type !== 'query') return value;
    const root = metadata.data ? `${metadata.type} ${metadata.data}` : metadata.type;
    const at = nulCharacterAt(value, root);
    if (at !== undefined) throw nulCharacterError(at);
    return value;
  }
}
