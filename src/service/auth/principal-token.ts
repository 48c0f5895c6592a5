import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../common/canonical-json.js';

const TOKEN_PREFIX = 'cf_';

/** A new bearer token: `cf_` and 32 random bytes in base64url. Shown once, never stored. */
export const generateToken = (): string =>
  `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;

/** What the database keeps instead of the token: its SHA-256, hex. */
export const hashToken = (token: string): string => sha256Hex(token);
