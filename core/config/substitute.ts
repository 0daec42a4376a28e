import { formatPath, problemLine, type ConfigPath } from './paths.js';

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

/**
 * Replaces `${ENV_VAR}` and `${ENV_VAR:-default}` in every string value (keys are left alone).
 * `$${` stands for a literal `${`. A variable that is not set (and has no default) is a problem
 * naming the file, the JSON path and the variable; its value is never echoed anywhere.
 *
 * @param fileLabel what to call the file in problems (usually its base name)
 */
export function substituteEnv(raw: unknown, fileLabel: string, env: NodeJS.ProcessEnv): SubstitutionResult {
  const problems: string[] = [];
  const substitutedPaths = new Set<string>();
  const failedPaths = new Set<string>();

  const visit = (value: unknown, path: Array<string | number>): unknown => {
    if (typeof value === 'string') {
      const result = substituteString(value, env);
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

function substituteString(input: string, env: NodeJS.ProcessEnv): StringResult {
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
