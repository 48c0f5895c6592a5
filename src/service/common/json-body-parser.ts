import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';

type ParserDone = (error: Error | null, body?: unknown) => void;
type BufferParser = (request: FastifyRequest, body: Buffer, done: ParserDone) => void;

const parsesAsJson = (body: Buffer): boolean => {
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
};

/**
 * Fastify's JSON parser with prototype-poisoning protection (`__proto__` and
 * `constructor.prototype` keys are refused), plus a clearer message when that, rather than the
 * syntax, is why a body was refused. Fastify reports both as FST_ERR_CTP_INVALID_JSON_BODY.
 */
export const createJsonBodyParser = (instance: FastifyInstance): BufferParser => {
  // Fastify's parser takes the buffer as well as a string (Nest's adapter uses it so).
  const parse = instance.getDefaultJsonParser('error', 'error') as unknown as BufferParser;
  return (request, body, done) => {
    parse(request, body, (error, value) => {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' && parsesAsJson(body)) {
        done(
          new AppError(
            'VALIDATION_FAILED',
            'the body contains a forbidden key (__proto__ or constructor.prototype)',
          ),
        );
        return;
      }
      done(error, value);
    });
  };
};
