/*
 * Upper bound on the randomness in a set of generated ids, from their shape alone: the common
 * prefix carries none, and each remaining character carries at most log2 of the smallest usual
 * alphabet that covers every character seen. Catches short, hex-only or counter-like ids.
 */
const ALPHABETS: Array<{ size: number; pattern: RegExp }> = [
  { size: 10, pattern: /^[0-9]*$/ },
  { size: 16, pattern: /^[0-9a-f]*$/ },
  { size: 16, pattern: /^[0-9A-F]*$/ },
  { size: 36, pattern: /^[0-9a-z]*$/ },
  { size: 36, pattern: /^[0-9A-Z]*$/ },
  { size: 62, pattern: /^[0-9A-Za-z]*$/ },
  { size: 64, pattern: /^[0-9A-Za-z_-]*$/ },
  { size: 65, pattern: /^[0-9A-Za-z+/=]*$/ },
];

/** Estimated random bits in the shortest of `ids` (after their common prefix and suffix). */
export function estimateRandomBits(ids: string[]): number {
  if (ids.length < 2) throw new Error('estimateRandomBits needs at least two ids');
  const prefix = commonPrefixLength(ids);
  const suffix = commonPrefixLength(ids.map((id) => [...id.slice(prefix)].reverse().join('')));
  const cores = ids.map((id) => id.slice(prefix, id.length - suffix));
  const chars = cores.join('');
  const alphabet = ALPHABETS.find((a) => a.pattern.test(chars))?.size ?? 95;
  const shortest = Math.min(...cores.map((core) => core.length));
  return shortest * Math.log2(alphabet);
}

function commonPrefixLength(values: string[]): number {
  const first = values[0] ?? '';
  let n = 0;
  while (n < first.length && values.every((v) => v[n] === first[n])) n++;
  return n;
}
