import { existsSync, mkdirSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import chromiumLaunch from './chromium.json';
import { type TestApps } from './test-apps';

/**
 * Debian's chromium, as .ci/run installs it (no browser is downloaded), and the flags this kind of machine needs: root,
 * no GPU, no network beyond localhost, a small /dev/shm. In a JSON file so that the web bench launches it the same way.
 */
export const CHROMIUM = chromiumLaunch.executablePath;
const FLAGS = chromiumLaunch.args;

export const SCREENSHOT_DIR = join(__dirname, '../../test-output/screenshots');
export const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
] as const;

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** The built web app must exist: `npm test` builds it first (npm run build:web). */
export function assertWebAppBuilt(): void {
  if (!existsSync(join(__dirname, '../../dist/web/index.html'))) throw new Error('dist/web is missing: run npm run build:web first');
}

/** Makes the API (which serves the built app) listen on an ephemeral port of 127.0.0.1, and returns its origin. */
export async function listenEphemeral(apps: TestApps): Promise<string> {
  await apps.api.listen(0, '127.0.0.1');
  const { port } = apps.api.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** The page at both sizes, phone and desktop, kept as test output. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${viewport.width}.png`), fullPage: true, animations: 'disabled' });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * The part of the page's DOM the tests read in functions that run in the page (the test project is compiled
 * without the DOM library). Such functions go to the page as functions, never as strings: the page's
 * Content-Security-Policy forbids evaluating strings, and Playwright evaluates a string again on every poll.
 */
export interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    activeElement: PageElement | null;
    getAnimations(): Array<{ playState: string }>;
  };
}
interface PageElement {
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  textContent: string | null;
  innerText: string;
  classList: { contains(name: string): boolean };
}

/** Serious and critical accessibility violations on the page as it is now: rule ids and where. */
export async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string; targets: string[] }>> {
  // Colours are judged as they rest, not halfway through a fade-in (a dialog opening, a list refreshing).
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).document.getAnimations().every((a) => a.playState !== 'running'),
    undefined,
    {
      timeout: 5_000,
    },
  );
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact as string, targets: v.nodes.map((n) => String(n.target)) }));
}
