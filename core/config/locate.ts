import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigPath } from './paths.js';

/** Where a value sits in the config file. */
export interface SourceLocation {
  /** 1-based line of the key (of the value, for a list item). */
  line: number;
  /**
   * Where the value's own text starts, when a line inside a multi-line string maps 1:1 to
   * lines of the file (a `|` block, or a plain one-line value): line, and the column of its
   * first character.
   */
  text?: { line: number; column: number };
}

/** Finds a key's location in the file a config came from; undefined when unknown. */
export type SourceLocator = (path: ConfigPath) => SourceLocation | undefined;

/*
 * Loaders return plain values (cosmiconfig's contract), so the locator travels beside the
 * parsed object, keyed by it.
 */
const locators = new WeakMap<object, SourceLocator>();

/** Remembers where `value`'s keys are (see {@link locatorFor}). */
export function rememberLocator(value: unknown, locator: SourceLocator): void {
  if (value && typeof value === 'object') locators.set(value, locator);
}

/** The locator of a value a loader returned, if it made one. */
export function locatorFor(value: unknown): SourceLocator | undefined {
  return value && typeof value === 'object' ? locators.get(value) : undefined;
}

/** A locator over a parsed YAML document (positions from its LineCounter). */
export function yamlLocator(document: Document, lineCounter: LineCounter, source: string): SourceLocator {
  return (path) => {
    let node: unknown = document.contents;
    let keyNode: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!pair) return undefined;
        keyNode = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        keyNode = node as Node | undefined;
      } else {
        return undefined;
      }
    }
    const anchor = keyNode?.range ?? (node as Node | undefined)?.range;
    if (!anchor) return undefined;
    const location: SourceLocation = { line: lineCounter.linePos(anchor[0]).line };
    if (isScalar(node) && node.range) {
      const start = lineCounter.linePos(node.range[0]);
      if (node.type === 'BLOCK_LITERAL') {
        // The text starts on the line after the `|` header, at that line's indentation.
        const next = source.indexOf('\n', node.range[0]);
        if (next >= 0) {
          const indent = /^[ ]*/.exec(source.slice(next + 1))![0].length;
          location.text = { line: start.line + 1, column: indent + 1 };
        }
      } else if (node.type === 'PLAIN' && lineCounter.linePos(Math.max(node.range[0], node.range[1] - 1)).line === start.line) {
        location.text = { line: start.line, column: start.col };
      }
    }
    return location;
  };
}
