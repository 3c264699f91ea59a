import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, readSession } from '../auth/session';
import { ApiError, type Problem } from './problem';
import type { paths } from './schema';

/** Sends the bearer token; a 401 on a signed-in call means the sign-in has ended. */
const auth: Middleware = {
  onRequest({ request }) {
    const session = readSession();
    if (session) request.headers.set('authorization', `Bearer ${session.accessToken}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('authorization')) clearSession();
    return response;
  },
};

// Absolute, because Request() outside a browser page (component tests) refuses relative URLs.
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', fetch: (request) => globalThis.fetch(request) });
api.use(auth);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the problem+json. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw new ApiError({ status: 0, code: 'offline' });
  }
  if (result.response.ok) return result.data as T;
  const body = (result.error ?? {}) as Partial<Problem>;
  throw new ApiError({ ...body, status: result.response.status });
}

/** Downloads a file the API serves to signed-in people only (the .ics, the export). */
export async function download(path: string, fileName: string): Promise<void> {
  const session = readSession();
  let response: Response;
  try {
    response = await fetch(path, { headers: session ? { authorization: `Bearer ${session.accessToken}` } : {} });
  } catch {
    throw new ApiError({ status: 0, code: 'offline' });
  }
  if (!response.ok) throw new ApiError({ status: response.status });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
