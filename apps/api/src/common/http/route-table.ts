import { Injectable } from '@nestjs/common';

interface KnownRoute {
  method: string;
  path: string;
  pattern: RegExp;
}

/**
 * The API's own routes, so that a request to a known path with the wrong
 * method gets 405 with an `Allow` header rather than a bare 404.
 */
@Injectable()
export class RouteTable {
  private routes: KnownRoute[] = [];

  register(method: string, path: string): void {
    const pattern = new RegExp(
      '^' +
        path
          .replace(/\/+$/, '')
          .split('/')
          .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/') +
        '/?$',
    );
    this.routes.push({ method: method.toUpperCase(), path, pattern });
  }

  /** Every route, as "METHOD /path/:param". */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.path}`);
  }

  allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) methods.add(route.method);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}
