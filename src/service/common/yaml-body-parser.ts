import { isUtf8 } from 'node:buffer';
import type { FastifyRequest } from 'fastify';
import { parse as parseYaml, YAMLError } from 'yaml';
import { AppError } from './app-error.js';
import { checkBody } from './json-body-parser.js';
import { ADMIN_BODY_ROUTE, routeHas } from './route-flags.js';
import { invalidField } from './validation.js';

type ParserDone = (error: Error | null, body?: unknown) => void;

/** The media types a YAML body may come as (application/yaml is RFC 9512's). */
export const YAML_MEDIA_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml'];

/** Aliases a document may use: enough for any definition, far too few for a "billion laughs". */
const MAX_ALIASES = 100;

/**
 * YAML bodies for the admin routes that take documents (workflow definitions, calendar years):
 * definitions are written in YAML, so an admin can post the file as it is. The YAML 1.2 core
 * schema only (no timestamps, no binary, no custom tags), unique keys, few aliases; the value
 * then goes through exactly the checks and NFC normalisation of a JSON body. Any other route
 * answers 415, as before.
 */
export const parseYamlBody = (request: FastifyRequest, body: Buffer, done: ParserDone): void => {
  if (request.is404) {
    done(null, undefined);
    return;
  }
  if (!routeHas(request.routeOptions.config, ADMIN_BODY_ROUTE)) {
    done(
      new AppError('UNSUPPORTED_MEDIA_TYPE', {
        en: 'this route takes JSON bodies only (YAML is accepted where definitions and calendar years are posted)',
        vi: 'Đường dẫn này chỉ nhận nội dung JSON (YAML chỉ được nhận khi đăng định nghĩa quy trình và lịch năm)',
      }),
    );
    return;
  }
  if (!isUtf8(body)) {
    done(invalidField('body', 'isUtf8', 'the body is not valid UTF-8'));
    return;
  }
  let value: unknown;
  try {
    value = parseYaml(body.toString('utf8'), {
      schema: 'core',
      uniqueKeys: true,
      maxAliasCount: MAX_ALIASES,
      prettyErrors: true,
      strict: true,
    });
  } catch (error) {
    const message = error instanceof YAMLError ? error.message.split('\n')[0] : String(error);
    done(
      invalidField('body', 'isYaml', {
        en: `the body is not valid YAML: ${message}`,
        vi: `Nội dung yêu cầu không phải YAML hợp lệ: ${message}`,
      }),
    );
    return;
  }
  const checked = checkBody(value);
  if ('problem' in checked) done(checked.problem);
  else done(null, checked.value);
};
