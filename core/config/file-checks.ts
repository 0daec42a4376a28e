import { accessSync, constants, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { FileReference } from '@clinic-arrivals/plugin-kit';
import { formatPath, pointerToPath, problemLine, type ConfigPath } from './paths.js';

/** How to label the problems of one plugin's (or the host's) file references. */
export interface FileCheckContext {
  fileLabel: string;
  /** Folder relative paths resolve against (the config file's). */
  configDir: string;
  /** Where the validated object sits, e.g. `['pms', 'options']`. */
  basePath: ConfigPath;
  /** Appended as ` [id]`. */
  pluginId?: string;
  /** Values that came from the environment: their paths are not printed. */
  secretPaths?: ReadonlySet<string>;
}

/**
 * Checks that every file a config names (values marked `"x-file": true` in a schema, e.g.
 * a SMART private key) exists, is a file and can be read, so that `check-config` finds what
 * start-up would. Nothing is read: contents may be secret.
 */
export function fileReferenceProblems(files: readonly FileReference[], context: FileCheckContext): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const path = [...context.basePath, ...pointerToPath(file.instancePath)];
    const dotted = formatPath(path);
    const full = isAbsolute(file.value) ? file.value : resolve(context.configDir, file.value);
    // A file name is not a credential (even under a key named privateKeyPath); one that came
    // from the environment is still not printed, like every substituted value.
    const hidden = context.secretPaths?.has(dotted) ?? false;
    const named = hidden ? 'the file it names' : `file ${full}`;
    const relative = isAbsolute(file.value) ? '' : ` (relative paths start from the config folder ${context.configDir})`;
    const problem = fileProblem(full);
    if (!problem) continue;
    const message =
      problem === 'missing'
        ? `${named} does not exist${relative}; correct the path or put the file there`
        : problem === 'folder'
          ? `${named} is a folder; give the path of the file itself`
          : `${named} cannot be read (${problem}); let the user that runs clinic-arrivals read it`;
    problems.push(problemLine(context.fileLabel, path, message) + (context.pluginId ? ` [${context.pluginId}]` : ''));
  }
  return problems;
}

/** `missing`, `folder`, an error code, or undefined when the file can be read. */
function fileProblem(full: string): string | undefined {
  let info;
  try {
    info = statSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : (code ?? 'unreadable');
  }
  if (info.isDirectory()) return 'folder';
  try {
    accessSync(full, constants.R_OK);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unreadable';
  }
  return undefined;
}

/**
 * `store.path` must be a file the store can create or open: not a folder, and not under
 * something that is a file (the store creates missing folders itself).
 */
export function storePathProblems(path: unknown, context: Omit<FileCheckContext, 'basePath' | 'pluginId'>): string[] {
  if (typeof path !== 'string' || path.trim() === '' || path === ':memory:') return [];
  const full = isAbsolute(path) ? path : resolve(context.configDir, path);
  const shown = context.secretPaths?.has('store.path') ? 'the path given' : full;
  const at = (message: string) => [problemLine(context.fileLabel, 'store.path', message)];
  const info = statOrUndefined(full);
  if (info?.isDirectory()) return at(`${shown} is a folder; give the path of the store's file, e.g. ./data/clinic-arrivals.sqlite`);
  if (info) return [];
  for (let folder = dirname(full); ; folder = dirname(folder)) {
    const found = statOrUndefined(folder);
    if (found) {
      return found.isDirectory()
        ? []
        : at(
            `${context.secretPaths?.has('store.path') ? 'a folder on the path given' : folder} is a file, so the store's folder cannot be created there; choose another path`,
          );
    }
    if (dirname(folder) === folder) return [];
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
