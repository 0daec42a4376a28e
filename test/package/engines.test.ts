import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { REPO_ROOT } from '../config/helpers.js';

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/** Node's lookup: the nearest node_modules/<name> from `from` upwards. */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Every package a production install of this project gets, by its package.json path. */
function productionTree(): Map<string, Manifest> {
  const found = new Map<string, Manifest>();
  const visit = (manifest: Manifest, dir: string) => {
    const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})];
    for (const name of names) {
      const file = locate(name, dir);
      if (!file || found.has(file)) continue; // a missing optional dependency is fine
      const child = read(file);
      found.set(file, child);
      visit(child, dirname(file));
    }
  };
  visit(read(join(REPO_ROOT, 'package.json')), REPO_ROOT);
  return found;
}

describe('package: engines', () => {
  const ours = read(join(REPO_ROOT, 'package.json')).engines?.node ?? '';

  it('promises only Node lines every production dependency accepts', () => {
    const tree = productionTree();
    expect(tree.size).to.be.greaterThan(50);
    const narrower = [...tree.values()]
      .filter((m) => m.engines?.node && semver.validRange(m.engines.node) && !semver.subset(ours, m.engines.node))
      .map((m) => `${m.name}@${m.version} wants node ${m.engines?.node}`);
    expect(narrower, `package.json engines "${ours}" promises more than these accept`).to.deep.equal([]);
  });

  it('includes the Node running the tests', () => {
    expect(semver.satisfies(process.version, ours), `${process.version} vs "${ours}"`).to.equal(true);
  });
});
