/**
 * The service's Ed25519 signing key, and what a digest's signature covers.
 *
 * Signed bytes: the UTF-8 of `JCS({type: "cadreflow.digest.v1", at, cases, root, keyId})`
 * (RFC 8785 canonical JSON; the heads are covered through `root`). The signature is Ed25519
 * over those bytes (node:crypto `sign(null, bytes, key)`), base64. `keyId` is the lowercase hex
 * SHA-256 of the public key's SPKI DER encoding.
 *
 * The private key is a PKCS#8 PEM file (`SIGNING_KEY_FILE`), created on first start when absent:
 * written to a temporary file with mode 0600 and linked into place, which fails if another
 * process got there first (that process's key is then read and used): every process on one
 * database ends up with the same key as long as they share the file.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseDatabaseUrl } from '../database/database-url.js';
import { canonicalJson } from '../common/canonical-json.js';

export const DIGEST_SIGNATURE_TYPE = 'cadreflow.digest.v1';
export const SIGNING_KEY_FILE_NAME = 'signing-key.pem';

/** The fields of a digest that its signature covers. */
export interface SignedDigestFields {
  readonly at: string;
  readonly cases: number;
  readonly root: string;
  readonly keyId: string;
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
  /** The public key as PEM (SPKI). */
  readonly publicKeyPem: string;
  readonly publicKeyJwk: JsonWebKey;
}

/** Beside the SQLite file; `data/` (of the working directory) for PostgreSQL or `:memory:`. */
export function defaultSigningKeyFile(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target?.kind === 'sqlite' && target.path !== ':memory:') {
    return resolve(dirname(target.path), SIGNING_KEY_FILE_NAME);
  }
  return resolve('data', SIGNING_KEY_FILE_NAME);
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signedDigestBytes(fields: SignedDigestFields): Buffer {
  const { at, cases, root, keyId } = fields;
  return Buffer.from(
    canonicalJson({ type: DIGEST_SIGNATURE_TYPE, at, cases, root, keyId }),
    'utf8',
  );
}

export function signDigest(fields: SignedDigestFields, key: SigningKey): string {
  return sign(null, signedDigestBytes(fields), key.privateKey).toString('base64');
}

/** Whether `signature` (base64) is the Ed25519 signature of the fields by `publicKey`. */
export function digestSignatureValid(
  fields: SignedDigestFields,
  signature: string,
  publicKey: KeyObject,
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return false;
  try {
    return verify(null, signedDigestBytes(fields), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** A public key read from PEM (SPKI) text; only Ed25519 is accepted. */
export function parsePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  }
  return key;
}

function fromPrivateKey(privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`the signing key is ${privateKey.asymmetricKeyType ?? '?'}, not Ed25519`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyJwk: publicKey.export({ format: 'jwk' }),
  };
}

const isCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

/**
 * Reads the key at `path`, or creates it there (race-safe) when the file does not exist.
 * `created` is true when this call wrote the file.
 */
export async function loadOrCreateSigningKey(
  path: string,
): Promise<{ key: SigningKey; created: boolean }> {
  try {
    return { key: fromPrivateKey(createPrivateKey(await readFile(path, 'utf8'))), created: false };
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = join(
    dirname(path),
    `.${SIGNING_KEY_FILE_NAME}.${randomBytes(8).toString('hex')}.tmp`,
  );
  await writeFile(temporary, pem, { mode: 0o600, flag: 'wx' });
  try {
    // link() never replaces an existing file: exactly one process's key lands at `path`.
    await link(temporary, path);
  } catch (error) {
    if (!isCode(error, 'EEXIST')) throw error;
    return { key: fromPrivateKey(createPrivateKey(await readFile(path, 'utf8'))), created: false };
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return { key: fromPrivateKey(privateKey), created: true };
}
