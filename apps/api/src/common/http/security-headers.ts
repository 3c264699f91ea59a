import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AppConfig } from '@app/config';

/**
 * One policy for every page this process serves: the web app (its shell and
 * each pre-rendered `index.<locale>.html`), Swagger UI at /docs and bull-board
 * at /admin/queues. All three load only this origin's scripts (Swagger UI and
 * bull-board have no inline script; bull-board's one inline block is JSON data,
 * which a policy does not run); Mantine, Swagger UI and bull-board set styles
 * inline, hence 'unsafe-inline' for styles alone. No page may be framed.
 */
export const CONTENT_SECURITY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/** HSTS lasts a year once a browser has seen it over HTTPS; subdomains are left to whoever runs them. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

/**
 * Security headers on every answer, through helmet: the content security
 * policy with `frame-ancestors 'none'` (and X-Frame-Options: DENY for older
 * browsers), `nosniff`, no referrer, a same-origin opener and resource
 * policy, and HSTS when PUBLIC_URL is https (over plain http it would be
 * ignored, and on localhost it would pin the development host to https).
 * Answers of the API under /v1 carry tokens or personal data, so none of
 * them is stored by a browser or a proxy: `Cache-Control: no-store`,
 * calendar files and CSV included.
 *
 * Mounted before anything else, so Swagger UI, bull-board, the web app's
 * files and every error answer get the headers too.
 */
export function applySecurityHeaders(app: NestExpressApplication, config: AppConfig): void {
  const https = new URL(config.publicUrl).protocol === 'https:';
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          ...CONTENT_SECURITY_DIRECTIVES,
          // Over plain http (development, tests) upgrading would break every asset.
          ...(https ? { 'upgrade-insecure-requests': [] } : {}),
        },
      },
      strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  app.use('/v1', (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
}
