import { parseDocument } from 'yaml';

/**
 * YAML and JSON loaders for cosmiconfig that report where a file is broken
 * (`line 3, column 7: …`) without echoing the offending text, which might hold a secret.
 */
export class ConfigSyntaxError extends Error {
  constructor(readonly details: string[]) {
    super(details.join('; '));
    this.name = 'ConfigSyntaxError';
  }
}

/** The problem reported for a config file with nothing in it. */
export const EMPTY_FILE = 'the file is empty; run `clinic-arrivals init` to write a starting config';

/** Parses YAML (also used for extension-less rc files). Every syntax error is reported. */
export function loadYamlConfig(_file: string, content: string): unknown {
  const document = parseDocument(content, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigSyntaxError(
      document.errors.slice(0, 5).map((error) => {
        const where = error.linePos?.[0];
        const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return where ? `line ${where.line}, column ${where.col}: ${reason}` : reason;
      }),
    );
  }
  // Only comments: cosmiconfig would treat it as "no config here" and fall back silently.
  if (document.contents === null) throw new ConfigSyntaxError([EMPTY_FILE]);
  return document.toJS();
}

/** Parses JSON; a syntax error is reported with its line and column. */
export function loadJsonConfig(_file: string, content: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    // V8 quotes a slice of the text ('"…" is not valid JSON'): never echo it, it may hold a secret.
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    if (!position) throw new ConfigSyntaxError([`invalid JSON: ${reason}`]);
    const before = content.slice(0, Number(position[1]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    throw new ConfigSyntaxError([`line ${line}, column ${column}: invalid JSON: ${reason}`]);
  }
}
