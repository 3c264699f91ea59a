import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { readSession } from '../auth/session';
import { localDate } from '../time/format';

export type SessionReport = components['schemas']['SessionReportResponse'];
export type MonthFigures = components['schemas']['MonthFiguresResponse'];

/** The academy of the signed-in coordinator, with its zone: report dates are read in it. */
export function useMyAcademy() {
  const me = readSession()!.user;
  return useQuery({
    queryKey: ['academies'],
    queryFn: () => call(api.GET('/v1/academies')),
    select: (academies) => academies.find((a) => a.id === me.academyId) ?? null,
  });
}

export function useSessionReport(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: ['report', from, to],
    enabled,
    queryFn: () => call(api.GET('/v1/reports/sessions', { params: { query: { from, to } } })),
  });
}

/** A month's no-show rate over the sessions of that month with an outcome; null when none has one. */
export function noShowRate(month: MonthFigures, who: 'newcomer' | 'coach'): number | null {
  const outcomes = month.completed + month.newcomerNoShow + month.coachNoShow;
  if (outcomes === 0) return null;
  return (who === 'newcomer' ? month.newcomerNoShow : month.coachNoShow) / outcomes;
}

/** The first day of the month of today, and today, in the zone (YYYY-MM-DD). */
export function monthToDate(zone: string, now: Date = new Date()): { from: string; to: string } {
  const today = localDate(now, zone);
  return { from: `${today.slice(0, 8)}01`, to: today };
}

/** The first day of the month some months back, in the zone. */
export function monthsBack(zone: string, months: number, now: Date = new Date()): string {
  const today = localDate(now, zone);
  const date = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1 - months, 1));
  return date.toISOString().slice(0, 10);
}
