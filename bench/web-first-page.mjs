// The newcomer's first page on a slow phone: how much JavaScript it must
// download before it can show anything (gzipped, from Vite's manifest), and its
// Largest Contentful Paint in Debian's Chromium with 4x CPU slowdown and the
// Slow 4G profile, through the Chrome DevTools Protocol.
//   npm run bench:web            (builds the app first)
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = new URL('../dist/web/', import.meta.url).pathname;
const MANIFEST = join(ROOT, '.vite/manifest.json');
if (!existsSync(MANIFEST)) throw new Error('dist/web is missing: npm run build:web');
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));

/** The entry and every chunk it imports statically: what the browser must run before the first render. */
function initialChunks(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) initialChunks(imported, seen);
  return seen;
}
const gzipped = (file) => gzipSync(readFileSync(join(ROOT, file)), { level: 9 }).length;
const kb = (bytes) => Math.round((bytes / 1024) * 10) / 10;

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const chunks = [...initialChunks(entryKey)];
const js = chunks.reduce((sum, key) => sum + gzipped(manifest[key].file), 0);
const css = [...new Set(chunks.flatMap((key) => manifest[key].css ?? []))].reduce((sum, file) => sum + gzipped(file), 0);
// The reader's catalogue is fetched before the first render too (one locale, not seven).
const catalogue = (locale) => {
  const chunk = Object.values(manifest).find((c) => c.src?.endsWith(`messages/${locale}.json`));
  return chunk ? gzipped(chunk.file) : 0;
};

// Staff pages (coach, coordinator, admin) are chunks of their own: a newcomer's phone never downloads them, charts included.
// Every chunk a newcomer can reach (the entry and each newcomer page, with their static imports) is compared with the staff pages' chunks,
// and searched for text only staff code holds (Recharts' class names, the API paths only staff pages call). The catalogues,
// all seven in the entry, hold the staff pages' words too: words, not code.
const isStaffPage = (key) => /^src\/pages\/(coach|coordinator|admin)\//.test(key);
const pageKeys = Object.keys(manifest).filter((key) => key.startsWith('src/pages/') && !key.endsWith('.test.tsx'));
const closure = (keys) => keys.reduce((all, key) => initialChunks(key, all), new Set());
const newcomerChunks = closure([entryKey, ...pageKeys.filter((key) => !isStaffPage(key))]);
const staffOnly = [...closure(pageKeys.filter(isStaffPage))].filter((key) => !newcomerChunks.has(key));
const STAFF_MARKERS = ['recharts-wrapper', '/v1/reports/sessions', '/availability', 'future_sessions_pending'];
const markersIn = (key) => {
  const text = readFileSync(join(ROOT, manifest[key].file), 'utf8');
  return STAFF_MARKERS.filter((marker) => text.includes(marker));
};
const staffSplit = {
  staffOnlyChunks: staffOnly.map((key) => manifest[key].file),
  staffOnlyKBGzip: kb(staffOnly.reduce((sum, key) => sum + gzipped(manifest[key].file), 0)),
  staffMarkersFoundInStaffChunks: [...new Set(staffOnly.flatMap(markersIn))].sort(),
  newcomerChunksWithStaffCode: [...newcomerChunks]
    .filter((key) => isStaffPage(key) || markersIn(key).length > 0)
    .map((key) => manifest[key].file),
};

// The built app behind a plain static server with the API's fallbacks; the first page calls no API.
const TYPES = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const server = createServer((request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(ROOT, path);
  if (!file.startsWith(ROOT) || !existsSync(file) || statSync(file).isDirectory()) {
    // As the API does: at `/` the home page pre-rendered in the browser's first language.
    const language = (request.headers['accept-language'] ?? '').split(/[,;-]/)[0].trim().toLowerCase();
    const prerendered = join(ROOT, `index.${language}.html`);
    file = path === '/' && existsSync(prerendered) ? prerendered : join(ROOT, 'index.html');
  }
  // As the API does: the build's .br beside each asset, and HTML gzipped.
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  if (existsSync(`${file}.br`) && /\bbr\b/.test(request.headers['accept-encoding'] ?? '')) {
    response.writeHead(200, { 'content-type': type, 'content-encoding': 'br' });
    createReadStream(`${file}.br`).pipe(response);
  } else if (file.endsWith('.html')) {
    response.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' });
    response.end(gzipSync(readFileSync(file), { level: 9 }));
  } else {
    response.writeHead(200, { 'content-type': type });
    createReadStream(file).pipe(response);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// Lighthouse's mobile Slow 4G, as DevTools applies it: 150 ms RTT × 3.75, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.6 * 1024 * 1024 * 0.9) / 8,
  uploadThroughput: (750 * 1024 * 0.9) / 8,
};
// Launched as the browser tests launch it: Debian's chromium, with the flags this kind of machine needs.
const browser = await chromium.launch(JSON.parse(readFileSync(new URL('../test/support/chromium.json', import.meta.url), 'utf8')));

async function lcpOnce(locale) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  // Fonts are counted apart from the JavaScript: only Urdu, Arabic and Persian pages fetch any (apps/web/src/i18n/fonts.ts).
  const fonts = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'font') fonts.push(request.sizes().then((sizes) => sizes.responseBodySize));
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__lcp = entry.startTime;
        window.__lcpElement = `${entry.element?.tagName ?? '?'} ${entry.size}`;
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
  await page.getByRole('heading').first().waitFor();
  await page.waitForTimeout(1000);
  const lcp = await page.evaluate(() => window.__lcp);
  if (process.env.BENCH_DEBUG)
    console.error(
      await page.evaluate(() => ({
        lcp: window.__lcp,
        element: window.__lcpElement,
        fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
        nav: performance.getEntriesByType('navigation')[0]?.responseEnd,
      })),
    );
  const fontBytes = (await Promise.all(fonts)).reduce((sum, bytes) => sum + bytes, 0);
  await context.close();
  return { lcp, fontBytes };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {};
for (const locale of ['en-GB', 'ur-PK']) {
  const runs = [];
  for (let i = 0; i < 5; i++) runs.push(await lcpOnce(locale));
  const lcps = runs.map((run) => run.lcp);
  results[locale] = {
    runsMs: lcps.map(Math.round),
    medianMs: Math.round(median(lcps)),
    fontsKB: kb(median(runs.map((run) => run.fontBytes))),
  };
}
await browser.close();
server.close();

const report = {
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  initialJavaScriptKBGzip: kb(js),
  initialCssKBGzip: kb(css),
  catalogueKBGzip: { en: kb(catalogue('en')), ur: kb(catalogue('ur')) },
  initialChunks: chunks.map((key) => manifest[key].file),
  staffSplit,
  largestContentfulPaint: results,
  goals: { javaScriptKB: 200, lcpMs: 2500 },
  met: {
    staffSplit:
      staffSplit.newcomerChunksWithStaffCode.length === 0 && staffSplit.staffMarkersFoundInStaffChunks.length === STAFF_MARKERS.length,
    javaScript: kb(js) <= 200,
    lcp: Object.values(results).every((r) => r.medianMs <= 2500),
  },
};
console.log(JSON.stringify(report, null, 2));
