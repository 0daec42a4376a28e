/*
 * The problems of a template text the host refused (422), placed at their line when it says
 * where. No imports: the host's tests load this file too.
 */

/** One thing wrong with a template's text; `line` and `column` are 1-based. */
export interface TemplateProblem {
  problem: string;
  fix?: string;
  line?: number;
  column?: number;
}

/** `Template DoctorReady: unknown variable Patient.nmae (line 2, column 5); did you mean …` → a problem. */
export function problemFromLine(line: string): TemplateProblem {
  const text = line
    .replace(/^\s*-\s*/, '')
    .replace(/^Template\s+/, '')
    .replace(/^[A-Za-z]+: /, '');
  const where = /\s*\(line (\d+)(?:, column (\d+))?\)/.exec(text);
  if (!where) return { problem: text };
  const before = text.slice(0, where.index);
  const after = text
    .slice(where.index + where[0].length)
    .replace(/^;\s*/, '')
    .replace(/\s*\[(config|edited|default)\]$/, '');
  return { problem: before, ...(after ? { fix: after } : {}), line: Number(where[1]), ...(where[2] ? { column: Number(where[2]) } : {}) };
}

/** The problems of a 422 answer: the host's structured list when it sends one, else read from its sentence. */
export function templateProblems(body: unknown): TemplateProblem[] {
  const given = (body as { problems?: unknown } | null)?.problems;
  if (Array.isArray(given) && given.every((p) => p && typeof p === 'object' && typeof (p as TemplateProblem).problem === 'string')) {
    return given as TemplateProblem[];
  }
  const message = (body as { error?: unknown } | null)?.error;
  if (typeof message !== 'string') return [];
  const lines = message.split('\n');
  return (lines.length > 1 ? lines.slice(1) : lines).map(problemFromLine);
}
