/**
 * From a registry record to the subject facts the eligibility rules read (SPEC §5.1), as they
 * stood on a measuring date. Pure: a case that names a cadre by `cadreId` gets these facts from
 * the shell, which records them in the history entry's outcome.
 */
import { addDays, compareDates, type CivilDate } from '../calendar/civil-date.js';
import type { JsonObject } from '../definition/json.js';
import type { CadreRecord, PostHeld, RegisterItem } from './cadre-registry.js';

const onOrBefore = (a: CivilDate, b: CivilDate): boolean => compareDates(a, b) <= 0;

/** Held on `date`: begun on or before it, not ended on or before it. */
const postHeldOn = (post: PostHeld, date: CivilDate): boolean =>
  onOrBefore(post.since, date) &&
  (post.endedOn === undefined || compareDates(date, post.endedOn) < 0);

/** The post held on `date` (the latest begun, when the registry holds several). */
export function currentPostOn(
  record: CadreRecord,
  date: CivilDate,
): RegisterItem<'post'> | undefined {
  const held = record.posts.filter((item) => postHeldOn(item.data, date));
  return held.sort((a, b) => compareDates(b.data.since, a.data.since) || b.seq - a.seq)[0];
}

/**
 * The cadre of SPEC §5.1 on `measuringDate`: person facts, the post held that day, whether a
 * planning entry covered it, every discipline and freeze recorded (the rules judge waiting
 * periods and active freezes on their own dates; a lifted freeze ends the day before its lift),
 * the last confidence vote held by then and the
 * yearly ratings up to its year. Fields without a value in the registry are left out, so a rule
 * that needs them says which one is missing.
 */
export function subjectFactsOn(record: CadreRecord, measuringDate: CivilDate): JsonObject {
  const person = record.person.data;
  const post = currentPostOn(record, measuringDate);
  const inPlanning = record.planning.some(
    ({ data }) =>
      onOrBefore(data.since, measuringDate) &&
      (data.removedOn === undefined || compareDates(measuringDate, data.removedOn) < 0),
  );
  const votes = record.confidenceVotes
    .filter(({ data }) => onOrBefore(data.heldOn, measuringDate))
    .sort((a, b) => compareDates(b.data.heldOn, a.data.heldOn) || b.seq - a.seq);
  const lastVote = votes[0]?.data;
  const year = Number(measuringDate.slice(0, 4));
  const facts: JsonObject = {
    id: record.id,
    fullName: person.fullName,
    gender: person.gender,
    dateOfBirth: person.dateOfBirth,
    ...(post
      ? { currentPosition: post.data.postTitle, currentPositionSince: post.data.since }
      : {}),
    ...(post?.data.termEndsOn === undefined ? {} : { termEndsOn: post.data.termEndsOn }),
    inPlanning,
    disciplines: record.disciplines.map(({ data }) => ({
      level: data.level,
      effectiveOn: data.effectiveOn,
      decisionRef: data.decisionNumber,
      issuer: data.issuer,
    })),
    freezes: record.freezes.flatMap(({ data }) => {
      // A lift ends the freeze the day before (the subject's freeze has no liftedOn); one
      // lifted on the day it began never held.
      const lastDay =
        data.liftedOn === undefined
          ? data.until
          : data.until === undefined || compareDates(data.liftedOn, data.until) <= 0
            ? addDays(data.liftedOn, -1)
            : data.until;
      if (lastDay !== undefined && compareDates(lastDay, data.since) < 0) return [];
      return [
        {
          kind: data.kind,
          since: data.since,
          ...(lastDay === undefined ? {} : { until: lastDay }),
        },
      ];
    }),
    protectedDuty: person.protectedDuty === true,
    ratings: record.ratings
      .filter(({ data }) => data.year <= year)
      .map(({ data }) => ({ year: data.year, rating: data.rating })),
    ...(lastVote === undefined
      ? {}
      : { lastConfidenceVote: { ballotsReturned: lastVote.ballotsReturned, low: lastVote.low } }),
  };
  return facts;
}
