import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * Data flows one way: plugins build on the kit and the host loads them by name; the host's own
 * code never imports a plugin. Plugin commands and routes reach the host through the
 * descriptor's extension points instead. Tests (and their support files) may import plugins.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORE = join(REPO_ROOT, 'core');
const PLUGINS = join(REPO_ROOT, 'plugins') + sep;

// Static imports and re-exports (`from '…'`), side-effect imports, and dynamic import('…').
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** Specifiers in `source` (a file at `file`) that reach into the plugins folder. */
function pluginImportsIn(file: string, source: string): string[] {
  const found: string[] = [];
  for (const [, specifier] of source.matchAll(SPECIFIER)) {
    if (!specifier!.startsWith('.')) continue;
    if (resolve(dirname(file), specifier!).startsWith(PLUGINS)) found.push(specifier!);
  }
  return found;
}

function coreSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : coreSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('core never imports a plugin', () => {
  it('finds no import of plugins/ in core (tests and test support aside)', () => {
    const offending = coreSources(CORE).flatMap((file) =>
      pluginImportsIn(file, readFileSync(file, 'utf8')).map((specifier) => `${relative(REPO_ROOT, file)}: ${specifier}`),
    );
    expect(offending).to.deep.equal([]);
  });

  it('catches static, side-effect and dynamic imports (as the CLI once imported the proxy)', () => {
    const main = join(CORE, 'cli', 'main.ts');
    expect(pluginImportsIn(main, "import { registerProxyCommand } from '../../plugins/proxy-default/server/cli.js';")).to.deep.equal([
      '../../plugins/proxy-default/server/cli.js',
    ]);
    expect(pluginImportsIn(main, "import '../../plugins/x/index.js';\nconst m = await import('../../plugins/y/index.js');")).to.deep.equal([
      '../../plugins/x/index.js',
      '../../plugins/y/index.js',
    ]);
    expect(pluginImportsIn(main, "export { a } from '../plugin/builtins.js';\nimport { b } from '@clinic-arrivals/plugin-kit';")).to.deep.equal([]);
  });
});
