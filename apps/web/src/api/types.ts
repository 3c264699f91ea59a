import type { components } from './schema';

export type Session = components['schemas']['SessionResponse'];
export type Slot = components['schemas']['SlotResponse'];
/** Its reasons are told apart by `code`: the document maps each code to its own schema, so a check of `code` narrows the rest. */
export type Candidate = components['schemas']['MatchCandidateResponse'];
export type DstShiftWarning = components['schemas']['DstShiftWarningResponse'];

/** The warnings this app knows how to show: a code added to the API later is left out until the app learns it. */
export function warningsOf(candidate: Candidate): DstShiftWarning[] {
  return candidate.warnings.filter((w) => w.code === 'dst_shift');
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
