import {
  createAjv,
  describeAjvErrors,
  type JsonObject,
  type SimulatedEvent,
} from '../../engine/index.js';
import { validationFailed } from '../common/validation.js';

export interface SimulationBody {
  readonly definition: JsonObject;
  readonly subject: JsonObject;
  readonly data?: JsonObject;
  readonly start?: string;
  readonly events: readonly SimulatedEvent[];
}

export const MAX_SIMULATED_EVENTS = 500;

const isoInstant = { type: 'string', format: 'date-time', maxLength: 40 } as const;

/** The body of `POST /api/workflows/simulate` (also published in the OpenAPI document). */
export const SIMULATION_BODY_SCHEMA = {
  type: 'object',
  required: ['definition', 'subject', 'events'],
  additionalProperties: false,
  properties: {
    definition: {
      type: 'object',
      description: 'A draft definition, in the shape POST /api/workflows accepts',
    },
    subject: { type: 'object', description: 'The case subject' },
    data: { type: 'object' },
    start: { ...isoInstant, description: 'When the case opens; the server time by default' },
    events: {
      type: 'array',
      maxItems: MAX_SIMULATED_EVENTS,
      items: {
        type: 'object',
        required: ['type', 'roles'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', minLength: 1, maxLength: 64 },
          payload: { type: 'object' },
          comment: { type: 'string', maxLength: 4000 },
          roles: {
            type: 'array',
            items: { type: 'string', minLength: 1, maxLength: 64 },
            maxItems: 20,
          },
          actorId: { type: 'string', minLength: 1, maxLength: 200 },
          at: { ...isoInstant, description: "The event's time; the previous event's by default" },
        },
      },
    },
  },
} as const;

const validate = createAjv().compile(SIMULATION_BODY_SCHEMA);

export function parseSimulationBody(body: unknown): SimulationBody {
  // The schema above is exactly SimulationBody's shape.
  if (validate(body)) return body;
  const errors = describeAjvErrors(validate.errors).map((problem) => ({
    path: problem.path,
    constraint: 'schema',
    message: `${problem.path} ${problem.message}`,
  }));
  throw validationFailed(
    errors,
    `the simulation request is not valid: ${errors
      .slice(0, 3)
      .map((error) => error.message)
      .join('; ')}`,
  );
}
