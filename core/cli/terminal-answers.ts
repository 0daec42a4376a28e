import { createInterface } from 'node:readline';

/** Questions on the terminal, one line each; `undefined` once the input has ended. */
export interface TerminalAnswers {
  answer(prompt: string): Promise<string | undefined>;
  close(): void;
}

/**
 * Reads answers from stdin, prompting on stdout. Lines are queued, not taken by question():
 * answers pasted or typed ahead are not lost.
 */
export function openTerminal(): TerminalAnswers {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  const queued: string[] = [];
  let waiting: ((line: string | undefined) => void) | undefined;
  let closed = false;
  terminal.on('line', (line) => (waiting ? (waiting(line), (waiting = undefined)) : queued.push(line)));
  terminal.on('close', () => {
    closed = true;
    waiting?.(undefined);
  });
  return {
    answer(prompt) {
      terminal.setPrompt(prompt);
      terminal.prompt();
      if (queued.length > 0) return Promise.resolve(queued.shift());
      if (closed) return Promise.resolve(undefined);
      return new Promise((resolve) => (waiting = resolve));
    },
    close: () => terminal.close(),
  };
}
