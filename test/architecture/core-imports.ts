import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One import of one core source file, with the top-level core folders on each side. */
export interface CoreImport {
  /** Path from the repository root, e.g. `core/engine/plan.ts`. */
  file: string;
  specifier: string;
  /** Top-level core folder of the importing file (`engine`), or undefined for a file at core's root. */
  fromFolder: string | undefined;
  /** Top-level core folder the specifier resolves into, or undefined when it leaves core. */
  toFolder: string | undefined;
  /** The specifier resolves to this path outside core (repository-relative), if it does. */
  outside?: string;
}

/** Tests and test-only helpers: not part of what ships (tsconfig.build.json leaves them out too). */
function isTestOnly(path: string): boolean {
  return path.endsWith('.test.ts') || path.split(sep).includes('test-support');
}

function sourceFiles(folder: string, out: string[] = []): string[] {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !isTestOnly(path)) out.push(path);
  }
  return out;
}

function topFolder(coreDir: string, path: string): string | undefined {
  const parts = relative(coreDir, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/**
 * Every relative import (static, re-export, side-effect and dynamic) of the shipped core
 * sources under `root/core`. Package imports are left out: they cannot form a folder cycle.
 */
export function coreImports(root: string): CoreImport[] {
  const coreDir = join(root, 'core');
  const found: CoreImport[] = [];
  for (const path of sourceFiles(coreDir)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (!specifier.startsWith('.')) continue;
      const target = resolve(dirname(path), specifier);
      const inside = !relative(coreDir, target).startsWith('..');
      found.push({
        file: relative(root, path).split(sep).join('/'),
        specifier,
        fromFolder: topFolder(coreDir, path),
        toFolder: inside ? topFolder(coreDir, target) : undefined,
        ...(inside ? {} : { outside: relative(root, target).split(sep).join('/') }),
      });
    }
  }
  return found;
}

/** Cycles in a directed graph given as edges `from -> to`, each as a path `a -> b -> a`. */
export function cyclesIn(edges: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const cycles = new Set<string>();
  const walk = (node: string, path: string[]): void => {
    const at = path.indexOf(node);
    if (at !== -1) {
      const loop = path.slice(at);
      // One rotation per cycle: start at its smallest folder name.
      const start = loop.indexOf([...loop].sort()[0]!);
      const rotated = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.add([...rotated, rotated[0]].join(' -> '));
      return;
    }
    for (const next of edges.get(node) ?? []) walk(next, [...path, node]);
  };
  for (const node of edges.keys()) walk(node, []);
  return [...cycles].sort();
}
