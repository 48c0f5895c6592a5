/**
 * Which version a new case is opened on (SPEC §3.3): the one named (`workflowVersion`), or the one
 * in force on the day the process began (`startedOn`, default today), chosen by the engine's
 * `versionInForce` over the key's published versions. The choice is recorded in the CREATE entry.
 */
import { isCivilDate, versionInForce, type CompiledWorkflow } from '../../engine/index.js';
import { AppError } from '../common/app-error.js';
import { messages } from '../common/messages.js';
import { invalidField } from '../common/validation.js';
import type { EffectiveVersion } from '../workflows/workflow-registry.service.js';

export interface VersionRequest {
  readonly workflowVersion?: number;
  readonly startedOn?: string;
}

/** How the version was chosen, as the CREATE entry's payload records it (`version`). */
export interface VersionChoice {
  readonly chosen: number;
  /** `latest`: no version was in force today (every one takes effect later). */
  readonly by: 'workflowVersion' | 'startedOn' | 'today' | 'latest';
  /** The day the process began (given, or today). */
  readonly startedOn?: string;
  /** The day the chosen version's regulation took effect, when known. */
  readonly effectiveFrom: string | null;
  readonly regulation: string;
}

const choice = (
  picked: EffectiveVersion,
  by: VersionChoice['by'],
  startedOn?: string,
): { compiled: CompiledWorkflow; choice: VersionChoice } => ({
  compiled: picked.compiled,
  choice: {
    chosen: picked.version,
    by,
    ...(startedOn === undefined ? {} : { startedOn }),
    effectiveFrom: picked.effectiveFrom,
    regulation: picked.compiled.definition.regulation,
  },
});

/**
 * The version to open a case of `key` on. `today` is the Vietnam civil date of the request.
 * An unknown version is NOT_FOUND; a start date that is not a date, lies in the future, precedes
 * every version, or disagrees with the version named is VALIDATION_FAILED at its field.
 */
export function chooseVersion(
  key: string,
  versions: readonly EffectiveVersion[],
  request: VersionRequest,
  today: string,
): { compiled: CompiledWorkflow; choice: VersionChoice } {
  const { workflowVersion, startedOn } = request;
  if (startedOn !== undefined) {
    if (!isCivilDate(startedOn))
      throw invalidField('startedOn', 'isCivilDate', messages.startedOnNotADate(startedOn));
    if (startedOn > today)
      throw invalidField('startedOn', 'notInFuture', messages.startedOnInFuture(startedOn, today));
  }
  const named =
    workflowVersion === undefined
      ? undefined
      : versions.find((version) => version.version === workflowVersion);
  if (workflowVersion !== undefined && named === undefined)
    throw new AppError('NOT_FOUND', messages.workflowNotFound(key, workflowVersion));
  if (startedOn === undefined) {
    if (named) return choice(named, 'workflowVersion');
    const inForce = versionInForce(versions, today);
    if (inForce) return choice(inForce, 'today', today);
    return choice(versions[versions.length - 1] as EffectiveVersion, 'latest');
  }
  const inForce = versionInForce(versions, startedOn);
  if (!inForce)
    throw invalidField('startedOn', 'versionInForce', messages.noVersionInForce(key, startedOn));
  if (named && named.version !== inForce.version) {
    throw invalidField(
      'workflowVersion',
      'versionInForce',
      messages.versionNotInForce(key, named.version, startedOn, inForce.version),
    );
  }
  return choice(inForce, named ? 'workflowVersion' : 'startedOn', startedOn);
}
