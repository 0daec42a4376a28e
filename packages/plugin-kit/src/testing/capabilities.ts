/**
 * Checks a suite's capabilities at run time, for JavaScript callers (TypeScript callers get a
 * compile error): a misspelt capability would otherwise skip its tests silently.
 */
export function checkCapabilities<C extends string>(suite: string, given: readonly string[] | undefined, known: readonly C[]): ReadonlySet<C> {
  const unknown = (given ?? []).filter((capability) => !(known as readonly string[]).includes(capability));
  if (unknown.length > 0) {
    const knownList = known.length > 0 ? `known: ${known.join(', ')}` : 'this suite has no capabilities';
    throw new TypeError(`${suite}: unknown capability ${unknown.map((c) => `"${c}"`).join(', ')}; ${knownList}`);
  }
  return new Set(given as readonly C[] | undefined);
}
