import type { components } from './schema';

export type Session = components['schemas']['SessionResponse'];
export type Slot = components['schemas']['SlotResponse'];
export type Candidate = components['schemas']['MatchCandidateResponse'];

/**
 * The reasons and warnings of a match. The API's document types them only as
 * objects today, so their shape is written here from the API's own contract
 * (libs/scheduling/src/matching.ts); regenerate and drop this when the document says it.
 */
export type MatchReason =
  | { code: 'shared_language'; languages: string[] }
  | { code: 'topics'; covered: string[]; missing: string[] }
  | { code: 'hour_overlap'; minutes: number }
  | { code: 'load'; sessions: number; capacity: number }
  | { code: 'continuity'; completedSessions: number };

export interface DstShiftWarning {
  code: 'dst_shift';
  dates: string[];
  coachTimeZone: string;
  hoursApart: { from: number; to: number };
}

export function reasonsOf(candidate: Candidate): MatchReason[] {
  return candidate.reasons as unknown as MatchReason[];
}

export function warningsOf(candidate: Candidate): DstShiftWarning[] {
  return (candidate.warnings as unknown as DstShiftWarning[]).filter((w) => w.code === 'dst_shift');
}

export const TOPICS = ['employment', 'education', 'housing', 'public-services', 'language', 'everyday-life'] as const;
export type Topic = (typeof TOPICS)[number];

/** The catalogue key of each topic, written out so the catalogue test sees every key in use. */
export const TOPIC_LABELS: Record<Topic, string> = {
  employment: 'topic.employment',
  education: 'topic.education',
  housing: 'topic.housing',
  'public-services': 'topic.public-services',
  language: 'topic.language',
  'everyday-life': 'topic.everyday-life',
};

export function topicLabel(topic: string): string {
  return (TOPIC_LABELS as Record<string, string>)[topic] ?? 'topic.everyday-life';
}

export const STATUS_LABELS: Record<Session['status'], string> = {
  booked: 'status.booked',
  cancelled: 'status.cancelled',
  completed: 'status.completed',
  newcomer_no_show: 'status.newcomer_no_show',
  coach_no_show: 'status.coach_no_show',
};

/** A fresh key per booking attempt: a double tap sends the same key, so it books once. Works outside secure contexts too. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
