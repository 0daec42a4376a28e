#!/usr/bin/env node
// Writes npm-shrinkwrap.json for `npm pack` (prepack) and removes it again (postpack: `--remove`).
//
// A package-lock.json stays behind when a package is installed, and so do the project's
// `overrides`; an npm-shrinkwrap.json inside the package is what npm honours. Shipping one makes
// an installed host get the exact production dependency tree the tests ran against, overrides
// included (cookie 1.x under light-my-request, see README "Dependencies"). Only production
// packages go in: no dev dependencies and nothing of the reception app's workspace, whose code is
// already bundled into dist/web.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'npm-shrinkwrap.json');

if (process.argv.includes('--remove')) {
  rmSync(OUT, { force: true });
  process.exit(0);
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
if (lock.lockfileVersion < 2 || !lock.packages) throw new Error('package-lock.json must be lockfileVersion 2 or 3');

/** Where Node (and npm) finds `name` from the package at `from` ('' is the root): nearest node_modules upwards. */
function locate(name, from) {
  for (let base = from; ; ) {
    const path = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[path]) return path;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

const keep = new Map();
const missing = [];
function visit(from, entry) {
  // Optional peers (cosmiconfig's typescript, for .ts configs) are not installed unless asked for.
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((name) => !entry.peerDependenciesMeta?.[name]?.optional);
  const wanted = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers];
  for (const name of new Set(wanted)) {
    const optional = name in (entry.optionalDependencies ?? {});
    const path = locate(name, from);
    if (!path) {
      if (!optional) missing.push(`${name} (needed by ${from || manifest.name})`);
      continue;
    }
    if (keep.has(path)) continue;
    const found = lock.packages[path];
    if (found.link) throw new Error(`${path} is a workspace link; production code must not depend on a workspace`);
    keep.set(path, found);
    visit(path, found);
  }
}
visit('', { dependencies: manifest.dependencies, optionalDependencies: manifest.optionalDependencies });
if (missing.length > 0) throw new Error(`package-lock.json lacks production dependencies (run npm install):\n  ${missing.join('\n  ')}`);

const { devDependencies, workspaces, peerDependencies, peerDependenciesMeta, ...rootEntry } = lock.packages[''];
const packages = { '': { ...rootEntry, dependencies: manifest.dependencies } };
for (const path of [...keep.keys()].sort()) {
  const { dev, devOptional, peer, ...entry } = keep.get(path);
  packages[path] = entry;
}
writeFileSync(OUT, `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
process.stdout.write(`npm-shrinkwrap.json: ${keep.size} production packages\n`);
