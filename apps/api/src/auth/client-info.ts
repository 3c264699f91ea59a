import type { Request } from 'express';

/** Who is asking, as far as the request tells: the client address (under TRUST_PROXY) and the browser's own description. */
export interface ClientInfo {
  readonly address: string;
  readonly userAgent: string | undefined;
}

/** The longest device description kept in the sign-in history. */
const DEVICE_MAX = 200;

export const clientInfoOf = (request: Request): ClientInfo => ({
  address: request.ip ?? 'unknown',
  userAgent: request.headers['user-agent'],
});

/** What the sign-in history says about the device: its browser's description, without control characters, shortened. */
export function deviceOf(client: ClientInfo): string | null {
  // eslint-disable-next-line no-control-regex
  const text = (client.userAgent ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return text ? text.slice(0, DEVICE_MAX) : null;
}
