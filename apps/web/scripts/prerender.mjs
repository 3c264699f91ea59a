// Finishes the web build. Writes dist/web/index.<locale>.html, the built
// index.html with the home page rendered into it for each locale (see
// src/prerender.tsx); the API serves the one that matches the browser's
// languages at `/`. Then compresses the assets.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = new URL('../../../dist/', import.meta.url);
const bundle = new URL('web-prerender/prerender.mjs', dist);
const { renderHome, LOCALES, RIGHT_TO_LEFT } = await import(bundle.href);
const template = readFileSync(new URL('web/index.html', dist), 'utf8');
if (!template.includes('<div id="root"></div>') || !template.includes('<html lang="en" dir="ltr">'))
  throw new Error('index.html has changed shape');
for (const locale of LOCALES) {
  const dir = RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr';
  const html = template
    .replace('<html lang="en" dir="ltr">', `<html lang="${locale}" dir="${dir}">`)
    .replace('<div id="root"></div>', `<div id="root">${renderHome(locale)}</div>`);
  writeFileSync(new URL(`web/index.${locale}.html`, dist), html);
}
rmSync(new URL('web-prerender', dist), { recursive: true, force: true });
console.log(`pre-rendered the home page in ${LOCALES.join(', ')}`);

// Every asset also compressed, once, at build time: the API sends the .br or .gz
// a browser accepts, so a phone downloads about a seventh of the bytes.
const assets = new URL('web/assets/', dist);
let compressed = 0;
for (const name of readdirSync(assets)) {
  if (!/\.(js|css|json|svg)$/.test(name)) continue;
  const source = readFileSync(new URL(name, assets));
  writeFileSync(
    new URL(`${name}.br`, assets),
    brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
  );
  writeFileSync(new URL(`${name}.gz`, assets), gzipSync(source, { level: 9 }));
  compressed++;
}
console.log(`compressed ${compressed} assets (br, gzip)`);
