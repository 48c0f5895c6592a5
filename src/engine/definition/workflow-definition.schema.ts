/**
 * JSON Schema (draft 2020-12) of the workflow definition format. The same document ships as
 * `workflows/workflow-definition.schema.json` for editors; a test keeps the two identical.
 * Structure only: references (targets, rules, parameters) are checked by `validateDefinition`.
 */
import { DEFINITION_FORMAT_VERSIONS, ROLES } from './workflow-definition.js';

const localizedText = {
  type: 'object',
  required: ['vi', 'en'],
  additionalProperties: false,
  properties: {
    vi: { type: 'string', minLength: 1, maxLength: 500 },
    en: { type: 'string', minLength: 1, maxLength: 500 },
  },
} as const;

const identifier = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' } as const;
const eventType = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' } as const;
const civilDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const contextPath = {
  type: 'string',
  pattern: '^(subject|data|facts|payload)(\\.[^.]+)+$',
  maxLength: 300,
} as const;

export const WORKFLOW_DEFINITION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://cadreflow.local/schemas/workflow-definition.schema.json',
  title: 'cadreflow workflow definition',
  type: 'object',
  required: ['key', 'version', 'title', 'regulation', 'initial', 'states'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    // 1 when left out; 2 lets schemas refer to the built-in $defs (cadreflow:defs/<name>).
    formatVersion: { enum: [...DEFINITION_FORMAT_VERSIONS] },
    key: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
    version: { type: 'integer', minimum: 1, maximum: 1000000 },
    title: { $ref: '#/$defs/localizedText' },
    description: { $ref: '#/$defs/localizedText' },
    regulation: { type: 'string', minLength: 1, maxLength: 500 },
    effectiveFrom: civilDate,
    parameters: {
      type: 'object',
      propertyNames: identifier,
      additionalProperties: true,
    },
    $defs: {
      type: 'object',
      propertyNames: identifier,
      additionalProperties: { type: 'object' },
    },
    subject: { type: 'object' },
    data: { type: 'object' },
    initial: identifier,
    states: { $ref: '#/$defs/states' },
    on: { $ref: '#/$defs/on' },
  },
  $defs: {
    localizedText,
    identifier,
    eventType,
    parameterReference: {
      type: 'object',
      required: ['$param'],
      additionalProperties: false,
      properties: { $param: identifier },
    },
    states: {
      type: 'object',
      minProperties: 1,
      propertyNames: identifier,
      additionalProperties: { $ref: '#/$defs/state' },
    },
    state: {
      type: 'object',
      additionalProperties: false,
      properties: {
        title: { $ref: '#/$defs/localizedText' },
        description: { $ref: '#/$defs/localizedText' },
        type: { const: 'final' },
        initial: identifier,
        states: { $ref: '#/$defs/states' },
        on: { $ref: '#/$defs/on' },
        deadlines: { type: 'array', items: { $ref: '#/$defs/deadline' } },
        result: { enum: ['completed', 'terminated'] },
        suspension: { const: true },
      },
    },
    on: {
      type: 'object',
      propertyNames: eventType,
      additionalProperties: {
        oneOf: [{ type: 'null' }, { $ref: '#/$defs/transition' }],
      },
    },
    transition: {
      type: 'object',
      required: ['roles'],
      additionalProperties: false,
      properties: {
        roles: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: [...ROLES] },
        },
        title: { $ref: '#/$defs/localizedText' },
        payload: { type: 'object' },
        rules: { type: 'array', items: { $ref: '#/$defs/reference' } },
        target: { type: 'string', minLength: 1, maxLength: 300 },
        branches: {
          type: 'object',
          minProperties: 1,
          propertyNames: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' },
          additionalProperties: {
            oneOf: [{ type: 'null' }, { type: 'string', minLength: 1, maxLength: 300 }],
          },
        },
        actions: { type: 'array', items: { $ref: '#/$defs/reference' } },
        comment: { enum: ['optional', 'required'] },
      },
    },
    reference: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: identifier,
        params: { type: 'object' },
      },
    },
    deadline: {
      type: 'object',
      required: ['name', 'amount', 'unit', 'onExpiry'],
      additionalProperties: false,
      properties: {
        name: identifier,
        title: { $ref: '#/$defs/localizedText' },
        amount: {
          oneOf: [
            { type: 'integer', minimum: 1, maximum: 100000 },
            { $ref: '#/$defs/parameterReference' },
          ],
        },
        unit: { enum: ['DAY', 'WORKING_DAY', 'MONTH'] },
        onExpiry: {
          oneOf: [
            {
              type: 'object',
              required: ['event'],
              additionalProperties: false,
              properties: { event: eventType },
            },
            {
              type: 'object',
              required: ['markOverdue'],
              additionalProperties: false,
              properties: { markOverdue: { const: true } },
            },
          ],
        },
        scope: { enum: ['state', 'case'] },
        from: contextPath,
        direction: { enum: ['after', 'before'] },
        extension: {
          type: 'object',
          required: ['event', 'maxAmount'],
          additionalProperties: false,
          properties: {
            event: eventType,
            maxAmount: {
              oneOf: [
                { type: 'integer', minimum: 1, maximum: 100000 },
                { $ref: '#/$defs/parameterReference' },
              ],
            },
            times: { type: 'integer', minimum: 1, maximum: 10 },
          },
        },
      },
    },
  },
} as const;
