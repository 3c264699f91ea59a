import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Paths that stay the API's own: a client route never shadows them. */
const SERVER_PREFIXES = ['/v1', '/docs', '/docs-json', '/docs-yaml', '/health', '/metrics', '/admin'];

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

/**
 * The home page pre-rendered per locale (index.<locale>.html, written by the
 * web build), for the first of the browser's languages that has one.
 */
export function pickPrerendered(acceptLanguage: string | undefined, pages: ReadonlyMap<string, Buffer>): Buffer | undefined {
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.language && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { language } of wanted) {
    const page = pages.get(language);
    if (page) return page;
  }
  return pages.get('en');
}

function isServerPath(path: string): boolean {
  return SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * Serves the built web app at `/`: hashed assets for a year, and index.html
 * (never cached; its security headers come from `applySecurityHeaders`, as
 * every answer's do) for any other GET that asks for a page, so client routes
 * such as /sessions survive a reload. Returns false when there is no build.
 */
export function serveWebApp(app: NestExpressApplication, directory: string | null = webAppDirectory()): boolean {
  if (!directory) return false;
  const index = readFileSync(join(directory, 'index.html'));
  const prerendered = new Map<string, Buffer>();
  for (const file of readdirSync(directory)) {
    const locale = /^index\.([a-z]{2,3})\.html$/.exec(file)?.[1];
    if (locale) prerendered.set(locale, readFileSync(join(directory, file)));
  }
  const gzipped = new Map<Buffer, Buffer>([index, ...prerendered.values()].map((page) => [page, gzipSync(page, { level: 9 })]));
  const assets = join(directory, 'assets');
  // The build wrote a .br and a .gz beside each asset; a browser gets the smallest it accepts.
  app.use('/assets', (request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const file = normalize(join(assets, request.path));
    if (!file.startsWith(assets + sep)) return next();
    // Brotli whenever it is accepted at all (browsers list gzip first, with the same weight).
    const accepted = request.acceptsEncodings();
    const encoding = accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : null;
    const variant = encoding && `${file}.${encoding === 'br' ? 'br' : 'gz'}`;
    if (!variant || !existsSync(variant)) return next();
    response.set({ 'content-encoding': encoding, vary: 'Accept-Encoding' });
    response.type(extname(file));
    response.sendFile(variant, { immutable: true, maxAge: '365d' }, (error) => error && next(error));
  });
  app.useStaticAssets(assets, { prefix: '/assets/', index: false, immutable: true, maxAge: '365d', fallthrough: true });
  /** Every page goes out the same way, never cached, with the security headers every answer carries. */
  const sendPage = (request: Request, response: Response, page: Buffer) => {
    response.set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.vary('Accept-Encoding');
    if (request.acceptsEncodings('gzip') === 'gzip') response.set('content-encoding', 'gzip').send(gzipped.get(page));
    else response.send(page);
  };
  // The pages by their file names (index.html, index.ur.html) are the app's pages too, not static files with an hour's cache.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const named = /^\/index(?:\.([a-z]{2,3}))?\.html$/.exec(request.path);
    if (!named) return next();
    const page = named[1] === undefined ? index : prerendered.get(named[1]);
    if (!page) return next();
    sendPage(request, response, page);
  });
  app.useStaticAssets(directory, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (isServerPath(request.path) || request.path.startsWith('/assets/') || /\.[A-Za-z0-9]+$/.test(request.path)) return next();
    // A client route is a page a browser asks for; anything else keeps the API's 404.
    if (request.path !== '/' && !request.headers.accept?.includes('text/html')) return next();
    // The home page arrives already drawn, in the browser's language; the app then takes over.
    const page = request.path === '/' ? (pickPrerendered(request.headers['accept-language'], prerendered) ?? index) : index;
    if (request.path === '/') response.vary('Accept-Language');
    sendPage(request, response, page);
  });
  return true;
}
