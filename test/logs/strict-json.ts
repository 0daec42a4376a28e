/*
 * A JSON parser that refuses what JSON.parse lets through silently: an object with the same
 * key twice (JSON.parse keeps the last). It also refuses trailing text, so "one object per
 * line" is checked line by line. Small on purpose: a scanner over the grammar of RFC 8259.
 */

/** Thrown for text that is not one JSON value, or an object that repeats a key. */
export class StrictJsonError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Parses `text` as exactly one JSON value, throwing {@link StrictJsonError} on a repeated key. */
export function parseStrictJson(text: string): unknown {
  let at = 0;
  const fail = (what: string): never => {
    throw new StrictJsonError(`${what} at ${at}: …${text.slice(Math.max(0, at - 30), at + 30)}…`);
  };
  const skip = () => {
    while (at < text.length && WHITESPACE.has(text[at]!)) at++;
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) fail(`expected ${char}`);
    at++;
  };
  const string = (): string => {
    expect('"');
    let out = '';
    for (;;) {
      const char = text[at++];
      if (char === undefined) return fail('unterminated string');
      if (char === '"') return out;
      if (char < ' ') fail('control character in string');
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escape = text[at++];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (escape !== undefined && escape in simple) out += simple[escape];
      else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at, at + 4))) {
        out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16));
        at += 4;
      } else fail('bad escape');
    }
  };
  const value = (): unknown => {
    skip();
    const char = text[at];
    if (char === '{') {
      at++;
      const object: Record<string, unknown> = {};
      const keys = new Set<string>();
      skip();
      if (text[at] === '}') return (at++, object);
      for (;;) {
        const key = string();
        if (keys.has(key)) fail(`repeated key "${key}"`);
        keys.add(key);
        expect(':');
        object[key] = value();
        skip();
        if (text[at] === '}') return (at++, object);
        expect(',');
      }
    }
    if (char === '[') {
      at++;
      const array: unknown[] = [];
      skip();
      if (text[at] === ']') return (at++, array);
      for (;;) {
        array.push(value());
        skip();
        if (text[at] === ']') return (at++, array);
        expect(',');
      }
    }
    if (char === '"') return string();
    for (const [word, literal] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, at)) return ((at += word.length), literal);
    }
    NUMBER.lastIndex = at;
    const number = NUMBER.exec(text);
    if (!number) return fail('unexpected character');
    at += number[0].length;
    return Number(number[0]);
  };
  const result = value();
  skip();
  if (at !== text.length) fail('text after the value');
  return result;
}

/**
 * Splits a captured log into lines and parses each one strictly; throws naming the line
 * number when one is not a single JSON object with unique keys.
 */
export function parseLogLines(log: string): Array<Record<string, unknown>> {
  const lines = log.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, index) => {
    let entry: unknown;
    try {
      entry = parseStrictJson(line);
    } catch (error) {
      throw new StrictJsonError(`log line ${index + 1}: ${(error as Error).message}`);
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new StrictJsonError(`log line ${index + 1} is not an object: ${line}`);
    return entry as Record<string, unknown>;
  });
}
