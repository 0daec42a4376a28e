import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatPath, problemLine } from './paths.js';

/** What {@link substituteEnv} produced. */
export interface SubstitutionResult {
  /** A deep copy of the input with every `${VAR}` replaced. */
  value: unknown;
  /** One line per missing variable or malformed reference. Never contains a variable's value. */
  problems: string[];
  /** Dotted paths whose value came (partly) from the environment: treated as secret when printing. */
  substitutedPaths: Set<string>;
  /** Dotted paths where substitution failed: other checks of these values would only add noise. */
  failedPaths: Set<string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Where `${file:…}` references are read from. */
export interface SubstitutionOptions {
  /** Folder that relative secret-file paths resolve against (the config file's folder). @default process.cwd() */
  baseDir?: string;
}

/**
 * Replaces `${ENV_VAR}` and `${ENV_VAR:-default}` in every string value (keys are left alone),
 * and `${file:PATH}` with the contents of a secret file (e.g. a container secret; one trailing
 * newline dropped; relative to the config's folder). `$${` stands for a literal `${`. A variable
 * that is not set (and has no default) or a file that cannot be read is a problem naming the
 * config file, the JSON path and the variable or file; a value is never echoed anywhere.
 *
 * @param fileLabel what to call the file in problems (usually its base name)
 */
export function substituteEnv(raw: unknown, fileLabel: string, env: NodeJS.ProcessEnv, options: SubstitutionOptions = {}): SubstitutionResult {
  const problems: string[] = [];
  const substitutedPaths = new Set<string>();
  const failedPaths = new Set<string>();

  const visit = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') {
      const result = substituteString(value, env, options.baseDir ?? process.cwd());
      for (const message of result.problems) problems.push(problemLine(fileLabel, path, message));
      if (result.usedEnv) substitutedPaths.add(formatPath(path));
      if (result.problems.length > 0) failedPaths.add(formatPath(path));
      return result.text;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) copy[key] = visit(item, [...path, key]);
      return copy;
    }
    return value;
  };

  const value = visit(raw, []);
  return { value, problems, substitutedPaths, failedPaths };
}

interface StringResult {
  text: string;
  problems: string[];
  usedEnv: boolean;
}

function substituteString(input: string, env: NodeJS.ProcessEnv, baseDir: string): StringResult {
  if (!input.includes('$')) return { text: input, problems: [], usedEnv: false };
  const problems: string[] = [];
  let usedEnv = false;
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      text += '${';
      i += 3;
      continue;
    }
    if (!input.startsWith('${', i)) {
      text += input[i];
      i += 1;
      continue;
    }
    const close = input.indexOf('}', i + 2);
    if (close === -1) {
      problems.push('"${" has no closing "}"; write "$${" for a literal "${"');
      text += input.slice(i);
      break;
    }
    const reference = input.slice(i + 2, close);
    if (reference.startsWith('file:')) {
      i = close + 1;
      usedEnv = true;
      const secret = readSecretFile(reference.slice('file:'.length), baseDir);
      if (secret.problem) problems.push(secret.problem);
      else text += secret.text;
      continue;
    }
    const separator = reference.indexOf(':-');
    const name = separator === -1 ? reference : reference.slice(0, separator);
    const fallback = separator === -1 ? undefined : reference.slice(separator + 2);
    i = close + 1;
    if (!NAME.test(name)) {
      problems.push(`"\${${name}}" is not a valid environment variable reference; names use letters, digits and _ (write "$\${" for a literal "\${")`);
      continue;
    }
    const fromEnv = env[name];
    usedEnv = true;
    if (fromEnv !== undefined && !(fallback !== undefined && fromEnv === '')) {
      text += fromEnv;
    } else if (fallback !== undefined) {
      text += fallback;
    } else {
      problems.push(`environment variable ${name} is not set`);
    }
  }
  return { text, problems, usedEnv };
}

/** Reads a `${file:PATH}` secret; the problem text names the file, never its contents. */
function readSecretFile(path: string, baseDir: string): { text: string; problem?: undefined } | { text?: undefined; problem: string } {
  if (path.trim() === '') return { problem: '"${file:}" needs a path, e.g. ${file:/run/secrets/twilio_auth_token}' };
  const full = isAbsolute(path) ? path : resolve(baseDir, path);
  try {
    return { text: readFileSync(full, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { problem: `secret file ${full} cannot be read (${code})` };
  }
}
