import type { components } from '../api/schema';

export type WaitingListEntry = components['schemas']['WaitingListEntryResponse'];
export type WaitingListRequest = Pick<
  components['schemas']['JoinWaitingListDto'],
  'languages' | 'topics' | 'timeZone' | 'preferredWindows'
>;
export type DemandReport = components['schemas']['DemandReportResponse'];

/** Query keys of the waiting list and the demand report, from one place. */
export const waitingListKeys = {
  all: ['waiting-list'] as const,
  mine: () => ['waiting-list', 'mine'] as const,
  demand: (from: string, to: string) => ['waiting-list', 'demand', from, to] as const,
};

export const STATUS_MESSAGES: Record<WaitingListEntry['status'], string> = {
  waiting: 'waitingList.status.waiting',
  offered: 'waitingList.status.offered',
  booked: 'waitingList.status.booked',
  withdrawn: 'waitingList.status.withdrawn',
  expired: 'waitingList.status.expired',
};
