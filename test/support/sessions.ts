import type request from 'supertest';
import { type TestAccount } from './accounts';

type Http = () => ReturnType<typeof request>;

/** The Authorization header of an account's access token. */
export const as = (account: Pick<TestAccount, 'token'>) => ({ Authorization: `Bearer ${account.token}` });

/** A booking's body: an hour about employment in English unless it says otherwise. */
export interface Booking {
  coachId: string;
  start: string;
  durationMinutes?: number;
  topic?: string;
  language?: string;
  [field: string]: unknown;
}

/** POST /v1/sessions as `who`; the request is not awaited, so the test says which answer it expects. */
export function postBooking(http: Http, who: TestAccount, booking: Booking) {
  return http()
    .post('/v1/sessions')
    .set(as(who))
    .send({ durationMinutes: 60, topic: 'employment', language: 'en', ...booking });
}

/** Books as `who` and returns the session's id; fails the test unless the API answers 201. */
export async function bookSession(http: Http, who: TestAccount, booking: Booking): Promise<string> {
  return (await postBooking(http, who, booking).expect(201)).body.id as string;
}

export type SessionAction = 'reschedule' | 'cancel' | 'attendance';

/** POST /v1/sessions/:id/{reschedule,cancel,attendance} as `who`, not yet awaited. */
export function postSessionAction(http: Http, who: TestAccount, sessionId: string, action: SessionAction, body: object = {}) {
  return http().post(`/v1/sessions/${sessionId}/${action}`).set(as(who)).send(body);
}
