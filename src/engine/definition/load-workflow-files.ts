/**
 * Reads the built-in definitions from a folder of `*.workflow.yaml` (or `.json`) files. The only
 * file I/O of the engine; parsing and validation stay separate so that the HTTP API can accept
 * the same definitions as JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export interface WorkflowFile {
  readonly file: string;
  /** The parsed document, not yet validated. */
  readonly document: unknown;
}

export const WORKFLOW_FILE_PATTERN = /\.workflow\.(ya?ml|json)$/;

/** Parses one definition document (YAML is a superset of JSON). Throws with the file named. */
export function parseWorkflowDocument(text: string, file = '(inline)'): unknown {
  try {
    // `uniqueKeys` (the default) rejects a state or event written twice.
    return parse(text, { prettyErrors: true, maxAliasCount: 1000 });
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Every definition file of `directory`, ordered by key then version: a key may have several
 * versions (`appointment.workflow.yaml` is version 1, `appointment.v2.workflow.yaml` version 2),
 * each a published version of its own.
 */
export function loadWorkflowFiles(directory: string): WorkflowFile[] {
  return readdirSync(directory)
    .filter((name) => WORKFLOW_FILE_PATTERN.test(name))
    .sort()
    .map((name) => {
      const file = join(directory, name);
      return { file, document: parseWorkflowDocument(readFileSync(file, 'utf8'), file) };
    })
    .sort((a, b) => {
      const [keyA, versionA] = keyAndVersion(a.document);
      const [keyB, versionB] = keyAndVersion(b.document);
      return keyA < keyB ? -1 : keyA > keyB ? 1 : versionA - versionB;
    });
}

function keyAndVersion(document: unknown): [string, number] {
  const record = (typeof document === 'object' && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  return [
    typeof record['key'] === 'string' ? record['key'] : '',
    typeof record['version'] === 'number' ? record['version'] : 0,
  ];
}
