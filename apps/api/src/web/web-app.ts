import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths that stay the API's own: a client route never shadows them. */
const SERVER_PREFIXES = ['/v1', '/docs', '/docs-json', '/docs-yaml', '/health', '/metrics', '/admin'];

/**
 * The page may load only this origin's scripts and styles; Mantine sets styles
 * through the style attribute, hence 'unsafe-inline' for styles alone.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** `dist/web` under the package root, found from this file both as TypeScript source and as built JavaScript. */
export function webAppDirectory(from: string = __dirname): string | null {
  let directory = from;
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) return null;
    directory = parent;
  }
  const built = join(directory, 'dist', 'web');
  return existsSync(join(built, 'index.html')) ? built : null;
}

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built web app at `/`: hashed assets for a year, and index.html
 * (never cached) for any other GET that asks for a page, so client routes
 * such as /sessions survive a reload. Returns false when there is no build.
 */
export function serveWebApp(app: NestExpressApplication, directory: string | null = webAppDirectory()): boolean {
  if (!directory) return false;
  const index = readFileSync(join(directory, 'index.html'));
  app.useStaticAssets(join(directory, 'assets'), { prefix: '/assets/', index: false, immutable: true, maxAge: '365d', fallthrough: true });
  app.useStaticAssets(directory, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isServerPath(request.path) || request.path.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(request.path)) return next();
    // A client route is a page a browser asks for; anything else keeps the API's 404.
    if (request.path !== '/' && !request.headers.accept?.includes('text/html')) return next();
    response.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache', 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
    response.send(index);
  });
  return true;
}
