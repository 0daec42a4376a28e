/*
 * "Did you mean …?" for misspelt names: config keys, plugin names, template variables. A leaf
 * that config, plugin loading and templates all use, so none of them imports another for it.
 */
/** Levenshtein distance, small and allocation-light (config keys are short). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The closest candidate to `word` when it is plausibly a typo of it (distance at most 2, and
 * less than half the word), otherwise undefined.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.min(2, Math.max(1, Math.floor(word.length / 2)));
  return bestDistance <= limit ? best : undefined;
}
