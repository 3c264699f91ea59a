import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, endSession, freshAccessToken, type Refresher } from '../auth/session';
import { ApiError, type Problem } from './problem';
import type { paths } from './schema';

// Absolute, because Request() outside a browser page (component tests) refuses relative URLs.
const options = { baseUrl: globalThis.location?.origin ?? '', fetch: (request: Request) => globalThis.fetch(request) };

/** The refresh itself goes out without the bearer middleware (its token is the one being renewed). */
const bare = createClient<paths>(options);
const refreshWith: Refresher = async (refreshToken) => {
  const { data, response } = await bare.POST('/v1/auth/refresh', { body: { refreshToken } });
  if (!response.ok || !data) throw new ApiError({ status: response.status });
  return data;
};

/** The access token for the next request, renewed first when it is about to expire. */
export const accessToken = () => freshAccessToken(refreshWith);

/** Signs out this device, here and at the API. */
export const signOutHere = () =>
  endSession(refreshWith, (token) => bare.POST('/v1/auth/logout', { headers: { authorization: `Bearer ${token}` } }));

/** Sends the bearer token; a 401 on a signed-in call means the sign-in has ended. */
const auth: Middleware = {
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && request.headers.has('authorization')) clearSession();
    return response;
  },
};

export const api = createClient<paths>(options);
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
  let response: Response;
  try {
    const token = await accessToken();
    response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
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
