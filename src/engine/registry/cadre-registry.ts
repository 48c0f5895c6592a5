/**
 * The cadre registry's vocabulary (SPEC §7): one record per cadre, made of entries that only grow.
 * A correction or an update is a new entry that `supersedes` an earlier one (by its `seq`), never
 * an edit; `void: true` withdraws an entry made by mistake. What the registry said on a day is the
 * fold of the entries recorded on or before that day (Asia/Ho_Chi_Minh), so an auditor sees,
 * years later, what a case read when it measured eligibility.
 *
 * This file is the contract between the registry's store, its import and the reminders; the
 * shell persists entries and hash-chains them, the engine folds them. Pure types, no I/O.
 */
import type { CivilDate } from '../calendar/civil-date.js';
import type { DisciplineLevel, FreezeKind } from '../rules/eligibility.js';
import type { Gender } from '../rules/retirement.js';

/** Lý luận chính trị: sơ cấp, trung cấp, cao cấp / cử nhân. */
export const POLITICAL_THEORY_LEVELS = ['none', 'elementary', 'intermediate', 'advanced'] as const;
export type PoliticalTheoryLevel = (typeof POLITICAL_THEORY_LEVELS)[number];

/** Xếp loại chất lượng hằng năm. */
export const YEARLY_RATINGS = ['excellent', 'good', 'completed', 'notCompleted'] as const;
export type YearlyRating = (typeof YEARLY_RATINGS)[number];

/** The person: facts that change rarely; a new `person` entry supersedes the previous one whole. */
export interface PersonFacts {
  readonly fullName: string;
  readonly gender: Gender;
  readonly dateOfBirth: CivilDate;
  readonly ethnicity?: string;
  readonly hometown?: string;
  /** Trình độ chuyên môn (e.g. "Thạc sĩ Luật"). */
  readonly education?: string;
  readonly politicalTheory?: PoliticalTheoryLevel;
  readonly partyMemberSince?: CivilDate;
  /** Subject to the protections of the Labour Code (pregnancy, child under 12 months …). */
  readonly protectedDuty?: boolean;
}

/** A post held (chức vụ): `endedOn` is set by a later entry superseding this one. */
export interface PostHeld {
  readonly postTitle: string;
  readonly unitId: string;
  readonly since: CivilDate;
  readonly termEndsOn?: CivilDate;
  readonly endedOn?: CivilDate;
  /** The case whose decision gave or ended the post. */
  readonly caseId?: string;
}

/** Quy hoạch: a title for a period (e.g. "2026-2031"). */
export interface PlanningEntry {
  readonly title: string;
  readonly period: string;
  readonly unitId?: string;
  readonly decisionNumber?: string;
  readonly since: CivilDate;
  readonly removedOn?: CivilDate;
}

export interface DisciplineRecord {
  readonly level: DisciplineLevel;
  readonly decisionNumber: string;
  readonly issuer: string;
  readonly effectiveOn: CivilDate;
}

export interface RatingRecord {
  readonly year: number;
  readonly rating: YearlyRating;
}

/** Lấy phiếu tín nhiệm: counts of the ballot returned. */
export interface ConfidenceVoteRecord {
  readonly heldOn: CivilDate;
  readonly body: string;
  readonly ballotsReturned: number;
  readonly high: number;
  readonly medium: number;
  readonly low: number;
}

export interface FreezeRecord {
  readonly kind: FreezeKind;
  readonly since: CivilDate;
  readonly until?: CivilDate;
  readonly liftedOn?: CivilDate;
  /** Who froze: the document or body (e.g. "Thông báo 12-TB/UBKT"). */
  readonly source: string;
}

/** Luân chuyển / biệt phái away from the home unit; its end is a reminder. */
export interface AssignmentRecord {
  readonly kind: 'rotation' | 'secondment';
  readonly toUnitId?: string;
  readonly postTitle?: string;
  readonly since: CivilDate;
  readonly endsOn?: CivilDate;
  readonly caseId?: string;
}

/** Each register and the shape of its entries' data. */
export interface RegisterData {
  readonly person: PersonFacts;
  readonly post: PostHeld;
  readonly planning: PlanningEntry;
  readonly discipline: DisciplineRecord;
  readonly rating: RatingRecord;
  readonly confidenceVote: ConfidenceVoteRecord;
  readonly freeze: FreezeRecord;
  readonly assignment: AssignmentRecord;
}
export type RegisterKind = keyof RegisterData;
export const REGISTER_KINDS: readonly RegisterKind[] = [
  'person',
  'post',
  'planning',
  'discipline',
  'rating',
  'confidenceVote',
  'freeze',
  'assignment',
];

/** One entry of a cadre's registry as stored (and hash-chained) by the shell. */
export type RegistryEntry = {
  [K in RegisterKind]: {
    /** 1, 2, … per cadre. */
    readonly seq: number;
    readonly kind: K;
    /** Absent when `void` is true. */
    readonly data?: RegisterData[K];
    /** The earlier entry (same kind) this one replaces: a correction or an update. */
    readonly supersedes?: number;
    /** Withdraws `supersedes` without a replacement (entered by mistake). */
    readonly void?: boolean;
    /** ISO 8601 instant when the registry recorded it (the service's clock). */
    readonly recordedAt: string;
    readonly recordedBy: string;
    /** The case whose event caused this entry, when one did. */
    readonly caseId?: string;
    readonly note?: string;
  };
}[RegisterKind];

/** An item of a register as the fold returns it: the data and the entry that currently holds it. */
export interface RegisterItem<K extends RegisterKind> {
  readonly data: RegisterData[K];
  /** The seq of the entry that holds the data now (the latest correction). */
  readonly seq: number;
  /** The seq of the first entry of the chain of corrections: the item's stable identity. */
  readonly firstSeq: number;
  readonly recordedAt: string;
  readonly caseId?: string;
}

/** What the registry says of a cadre at one moment. */
export interface CadreRecord {
  readonly id: string;
  readonly unitId: string;
  /** The natural key (mã cán bộ) used by imports. */
  readonly code: string;
  readonly person: RegisterItem<'person'>;
  readonly posts: readonly RegisterItem<'post'>[];
  readonly planning: readonly RegisterItem<'planning'>[];
  readonly disciplines: readonly RegisterItem<'discipline'>[];
  readonly ratings: readonly RegisterItem<'rating'>[];
  readonly confidenceVotes: readonly RegisterItem<'confidenceVote'>[];
  readonly freezes: readonly RegisterItem<'freeze'>[];
  readonly assignments: readonly RegisterItem<'assignment'>[];
}

/**
 * A cadre as `POST /api/cadres` or one row of an import gives it: data only, no entries. The store
 * appends only what differs from the cadre's current record (by `code`, the natural key), so the
 * same draft given twice changes nothing: a changed `person` supersedes the current one; an item
 * of a register not yet present (same data) is added; items absent from the draft stay.
 */
export interface CadreDraft {
  readonly code: string;
  readonly unitId: string;
  readonly person: PersonFacts;
  readonly posts?: readonly PostHeld[];
  readonly planning?: readonly PlanningEntry[];
  readonly disciplines?: readonly DisciplineRecord[];
  readonly ratings?: readonly RatingRecord[];
  readonly confidenceVotes?: readonly ConfidenceVoteRecord[];
  readonly freezes?: readonly FreezeRecord[];
  readonly assignments?: readonly AssignmentRecord[];
}
