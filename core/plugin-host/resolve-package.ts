import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/*
 * Small, dependency-free resolution of plugin modules the way Node's ESM loader would import
 * them: package.json `exports` (conditions import/node/default), then `main`, then index.*.
 * Written out because require.resolve uses CommonJS conditions (and rejects ESM-only
 * packages) and import.meta.resolve cannot take a parent folder on Node 20.
 */

const CONDITIONS = new Set(['import', 'module-sync', 'node', 'default']);
const INDEX_FILES = ['index.js', 'index.mjs', 'index.cjs', 'index.ts'];
const FILE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts'];

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function pickTarget(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const picked = pickTarget(item);
      if (picked) return picked;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (CONDITIONS.has(condition)) {
        const picked = pickTarget(value);
        if (picked) return picked;
      }
    }
  }
  return undefined;
}

/** The file a package folder exports for `subpath` (`.` for the main entry), or undefined. */
export function packageEntry(packageDir: string, subpath = '.'): string | undefined {
  const manifestFile = join(packageDir, 'package.json');
  if (isFile(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports?: unknown; main?: string };
    if (manifest.exports !== undefined) {
      const exportsMap = manifest.exports;
      const isSubpathMap =
        !!exportsMap && typeof exportsMap === 'object' && !Array.isArray(exportsMap) && Object.keys(exportsMap).some((key) => key.startsWith('.'));
      const target = isSubpathMap ? pickTarget((exportsMap as Record<string, unknown>)[subpath]) : subpath === '.' ? pickTarget(exportsMap) : undefined;
      // With `exports`, nothing else is importable, as in Node.
      return target ? resolve(packageDir, target) : undefined;
    }
    if (subpath === '.' && manifest.main) return fileOrIndex(resolve(packageDir, manifest.main));
  }
  return subpath === '.' ? indexOf(packageDir) : fileOrIndex(resolve(packageDir, subpath));
}

function indexOf(dir: string): string | undefined {
  return INDEX_FILES.map((name) => join(dir, name)).find(isFile);
}

/** A file path as given, with a module extension added, or a folder's entry. */
export function fileOrIndex(path: string): string | undefined {
  if (isFile(path)) return path;
  const withExtension = FILE_EXTENSIONS.map((ext) => path + ext).find(isFile);
  if (withExtension) return withExtension;
  if (isDirectory(path)) return existsSync(join(path, 'package.json')) ? packageEntry(path) : indexOf(path);
  return undefined;
}

/** Splits `@scope/name/sub/path` into the package name and `./sub/path`. */
export function splitPackageSpecifier(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
  const rest = parts.slice(nameParts.length);
  return { name: nameParts.join('/'), subpath: rest.length ? `./${rest.join('/')}` : '.' };
}

/**
 * Looks for `node_modules/<name>` in `fromDir` and each parent (like Node), and returns the
 * file it exports. `undefined` when no such package is installed.
 */
export function resolvePackage(specifier: string, fromDir: string): { file?: string; packageDir?: string } {
  const { name, subpath } = splitPackageSpecifier(specifier);
  let dir = resolve(fromDir);
  for (;;) {
    const packageDir = join(dir, 'node_modules', name);
    if (isDirectory(packageDir)) return { file: packageEntry(packageDir, subpath), packageDir };
    const parent = dirname(dir);
    if (parent === dir) return {};
    dir = parent;
  }
}
