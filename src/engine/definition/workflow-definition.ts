/**
 * The workflow definition format: the XState config restricted to data, plus what XState lacks
 * (roles per event, rule references with params, payload schemas, parameters, deadlines,
 * bilingual titles, the regulation it implements). Definitions live in `workflows/*.yaml` and
 * are published by admins through the API; `workflow-definition.schema.ts` is its JSON Schema.
 */
import type { JsonObject, JsonValue } from './json.js';

/** The roles of SPEC §1, plus `system` (the scheduler firing deadlines). */
export const ROLES = [
  'clerk',
  'organization_board',
  'inspection_commission',
  'head',
  'authority',
  // cấp ủy, ban thường vụ cấp ủy: the written opinion of the Party committee before the final
  // leadership vote on a State-side appointment (NĐ 170 Art. 33; Decision 727).
  'party_committee',
  'auditor',
  'admin',
  'system',
] as const;
export type Role = (typeof ROLES)[number];

/**
 * The versions of the definition format: 1 (`formatVersion` left out, as in every definition
 * written before version 2) and 2, which lets schemas refer to the built-in `$defs`.
 */
export const DEFINITION_FORMAT_VERSIONS = [1, 2] as const;
export type DefinitionFormatVersion = (typeof DEFINITION_FORMAT_VERSIONS)[number];

export interface LocalizedText {
  vi: string;
  en: string;
}

/** A reference to a top-level parameter, usable anywhere inside rule params and deadlines. */
export interface ParameterReference {
  $param: string;
}

export interface RuleReference {
  /** A rule of the vocabulary (`vote`, `approvals`, `eligibility`, …). */
  type: string;
  /** The rule's parameters; any value may be a `{ $param: name }` reference. */
  params?: JsonObject;
}

export interface ActionReference {
  /** An action of the vocabulary (`recordFacts`, `recordVote`, …). */
  type: string;
  params?: JsonObject;
}

export type DeadlineUnit = 'DAY' | 'WORKING_DAY' | 'MONTH';

export interface DeadlineDefinition {
  /** Unique within the definition: names the deadline in the case view and history. */
  name: string;
  title?: LocalizedText;
  amount: number | ParameterReference;
  unit: DeadlineUnit;
  /** What passing the deadline does: send an event through the normal path, or only mark the case overdue. */
  onExpiry: { event: string } | { markOverdue: true };
  /** `state` (default): cancelled when the declaring state is left; `case`: kept until the case ends. */
  scope?: 'state' | 'case';
  /**
   * The date the deadline counts from, as a context path (`facts.application.letterReceivedOn`):
   * "within 10 working days of receiving the letter". Default: the day the state is entered.
   */
  from?: string;
  /** `after` (default) counts forward from `from`; `before` counts back (a notice due before a term ends). */
  direction?: 'after' | 'before';
  /** An event that stretches the deadline to `maxAmount`, at most `times` times (default 1). */
  extension?: { event: string; maxAmount: number | ParameterReference; times?: number };
}

export interface TransitionDefinition {
  /** Who may send the event here. Required and non-empty: there is no "anyone". */
  roles: string[];
  title?: LocalizedText;
  /**
   * JSON Schema of the payload; `#/$defs/…` refers to the definition's `$defs`, and (format 2)
   * `cadreflow:defs/…` to a built-in one.
   */
  payload?: JsonObject;
  /** Rules evaluated in order; every gate must be satisfied. At most one deciding rule. */
  rules?: RuleReference[];
  /** Where the case goes (XState target syntax: sibling `name`, child `.name`, absolute `#state.path`). */
  target?: string;
  /** For a deciding rule: where each of its results leads; `null` keeps the case where it is. */
  branches?: Record<string, string | null>;
  /** Context changes, in order, after the rules are satisfied. */
  actions?: ActionReference[];
  /** `required`: the event must carry a non-empty comment. */
  comment?: 'optional' | 'required';
}

export interface StateDefinition {
  title?: LocalizedText;
  description?: LocalizedText;
  /** `final` ends the case; the state key becomes the case's outcome. */
  type?: 'final';
  /** Initial child, required when `states` is present. */
  initial?: string;
  states?: Record<string, StateDefinition>;
  /** Events accepted here. `null` refuses an event that an ancestor accepts. */
  on?: Record<string, TransitionDefinition | null>;
  /** Deadlines started when the state is entered. */
  deadlines?: DeadlineDefinition[];
  /** For final states: `completed` (default) or `terminated` (rejected, withdrawn…), for reporting. */
  result?: 'completed' | 'terminated';
  /**
   * A suspension (HD 02-HD/TW: a freeze suspends the whole process): entering it remembers the
   * state the case came from; a transition of this state whose target is `$resume` returns there.
   */
  suspension?: true;
}

/** The target that returns a suspended case to the state it was suspended in. */
export const RESUME_TARGET = '$resume';

export interface WorkflowDefinition {
  $schema?: string;
  /**
   * The format version: 1 when left out; 2 lets schemas refer to the built-in `$defs`
   * (`$ref: 'cadreflow:defs/cadre'`), resolved into the definition's own `$defs` on publish.
   */
  formatVersion?: DefinitionFormatVersion;
  key: string;
  version: number;
  title: LocalizedText;
  description?: LocalizedText;
  /** The regulation profile the definition implements, e.g. "QĐ 80-QĐ/TW (2022)". */
  regulation: string;
  /**
   * The day the regulation took effect (ISO date): a case whose process started on or after it,
   * and before a later version's, is opened on this version (`versionInForce`).
   */
  effectiveFrom?: string;
  /** Tunable rule parameters, referenced by name from rules and deadlines. */
  parameters?: Record<string, JsonValue>;
  /** JSON Schemas shared by payload schemas (`$ref: '#/$defs/voteTally'`); built-ins resolve into it. */
  $defs?: Record<string, JsonObject>;
  /** JSON Schema of the case subject, checked when a case is opened. */
  subject?: JsonObject;
  /** JSON Schema of the case's free `data`, checked when a case is opened. */
  data?: JsonObject;
  initial: string;
  states: Record<string, StateDefinition>;
  /** Events accepted in every non-final state (each state may refuse one with `null`). */
  on?: Record<string, TransitionDefinition | null>;
}
