import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The API the dev server forwards to (`npm run dev:web` next to `PORT=3100 npm start`, for example). */
const API = 'http://127.0.0.1:3000';

/**
 * A build is always the production build, whatever NODE_ENV the shell has: the
 * API serves these files, and `NODE_ENV=development` (the platform's documented
 * default) would otherwise give phones React's development runtime, a third larger.
 */
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@app/i18n': here('../../libs/i18n/src') } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // The benchmark reads the first page's initial chunks from it.
    manifest: true,
    target: 'es2022',
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/docs', '/docs-json', '/health', '/metrics', '/admin'].map((path) => [path, API])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
