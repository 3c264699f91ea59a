// The package registry reachable from the development machines serves only the
// Linux builds of packages with per-platform binaries (@swc/core-*, @unrs/*, …).
// `npm install` there leaves the other platforms' optional packages out of
// package-lock.json, and `npm ci` then rejects the lockfile as out of sync.
// This adds the missing optional entries with the os/cpu their names declare,
// which is what a full registry would have written; npm skips them on other
// platforms without fetching. Run it after every `npm install`:
//   node .ci/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'netbsd', 'sunos', 'aix', 'openharmony'];
const CPU = ['arm64', 'x64', 'arm', 'ia32', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function resolves(fromPath, name) {
  // Node's lookup: the nearest node_modules up the tree.
  let base = fromPath;
  for (;;) {
    if (packages[`${base ? `${base}/` : ''}node_modules/${name}`]) return true;
    if (!base) return false;
    const index = base.lastIndexOf('/node_modules/');
    base = index === -1 ? '' : base.slice(0, index);
  }
}

let added = 0;
for (const [location, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    const bare = name.split('/').pop();
    const os = OS.filter((o) => bare.split('-').includes(o) || (o === 'win32' && bare.includes('win32')));
    const cpu = CPU.filter((c) => bare.split('-').includes(c));
    const record = { version: version.replace(/^[\^~=]/, ''), optional: true };
    if (os.length) record.os = os;
    if (cpu.length) record.cpu = cpu;
    if (bare.includes('musl')) record.libc = ['musl'];
    else if (bare.includes('gnu') && os.includes('linux')) record.libc = ['glibc'];
    packages[`node_modules/${name}`] = record;
    added += 1;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} optional platform entries`);
