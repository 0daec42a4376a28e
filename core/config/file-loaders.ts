import { LineCounter, isPair, isScalar, parseDocument, visit, type Document, type Pair } from 'yaml';
import { rememberLocator, yamlLocator } from './locate.js';

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
  const lineCounter = new LineCounter();
  const document = parseDocument(content, { prettyErrors: true, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    throw new ConfigSyntaxError(
      document.errors.slice(0, 5).map((error) => {
        const where = error.linePos?.[0];
        const reason =
          error.code === 'DUPLICATE_KEY'
            ? duplicateKeyReason(document, lineCounter, error.pos[0])
            : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return where ? `line ${where.line}, column ${where.col}: ${reason}` : reason;
      }),
    );
  }
  // Only comments: cosmiconfig would treat it as "no config here" and fall back silently.
  if (document.contents === null) throw new ConfigSyntaxError([EMPTY_FILE]);
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The yaml package's guard against "billion laughs" files: aliases that expand too far.
    if (/excessive alias count/i.test(message)) throw new ConfigSyntaxError([ALIAS_BOMB]);
    throw new ConfigSyntaxError([`cannot be read as YAML: ${message.split('\n')[0]}`]);
  }
  rememberLocator(value, yamlLocator(document, lineCounter, content));
  return value;
}

/** Said for a file whose aliases expand too far (the yaml package's resource-exhaustion guard). */
export const ALIAS_BOMB =
  'its YAML aliases (*name) expand to too many copies of their anchors (&name), which could exhaust memory;' +
  ' remove the anchors and aliases and write the values out in full (a config needs no more than a few aliases)';

/**
 * "Map keys must be unique", with the key: `the key "name" is in clinic twice (first on line 2);
 * keep one of them`. The key text is a config key, never a value, so it is safe to show.
 */
function duplicateKeyReason(document: Document, lineCounter: LineCounter, offset: number): string {
  let found: { key: string; path: string[]; first?: number } | undefined;
  visit(document, {
    Map(_key, map, ancestry) {
      if (found) return visit.BREAK;
      const keys = map.items.map((pair) => (isScalar(pair.key) ? pair.key : undefined));
      const index = keys.findIndex((key) => key?.range?.[0] === offset);
      if (index < 0) return undefined;
      const key = String(keys[index]!.value);
      const first = keys.findIndex((other) => other !== undefined && String(other.value) === key);
      const path = ancestry.filter((node): node is Pair => isPair(node)).map((pair) => (isScalar(pair.key) ? String(pair.key.value) : '?'));
      const firstRange = first >= 0 && first < index ? keys[first]?.range : undefined;
      found = { key, path, first: firstRange ? lineCounter.linePos(firstRange[0]).line : undefined };
      return visit.BREAK;
    },
  });
  if (!found) return 'a key appears twice in the same mapping; keep only one of them';
  const where = found.path.length > 0 ? `in ${found.path.join('.')}` : 'at the top level';
  const first = found.first === undefined ? '' : ` (first on line ${found.first})`;
  return `the key "${found.key}" appears twice ${where}${first}; keep only one of them`;
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
