import type { ErrorObject } from 'ajv';

/*
 * With allErrors, a failed oneOf/anyOf reports every branch's errors plus its own, which buries
 * the one useful line. Plugin schemas use discriminated unions (`auth: { type: 'bearer', … }`),
 * so: a union with its own `x-message` is reported by that message alone; otherwise a branch whose discriminator (a `const`/`enum` on a direct child) failed is dropped; of
 * the branches left, the one with the fewest errors speaks. When every branch was dropped, the
 * discriminator itself is wrong and one line lists its allowed values.
 */

interface Branch {
  index: number;
  errors: ErrorObject[];
  discriminatorMiss?: { instancePath: string; allowed: unknown[] };
}

/** Replaces each failed oneOf/anyOf and its branch errors by the errors worth showing. */
export function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  let remaining = [...errors];
  const unions = remaining
    .filter((error) => (error.keyword === 'oneOf' || error.keyword === 'anyOf') && !(error.params as { passingSchemas?: unknown }).passingSchemas)
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length); // innermost first
  for (const union of unions) {
    if (!remaining.includes(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const inside = remaining.filter((error) => error.schemaPath.startsWith(prefix));
    if (inside.length === 0) continue;
    const replacement = pickBranchErrors(union, inside);
    remaining = remaining.flatMap((error) => {
      if (error === union) return replacement;
      return inside.includes(error) ? [] : [error];
    });
  }
  return remaining;
}

function pickBranchErrors(union: ErrorObject, inside: ErrorObject[]): ErrorObject[] {
  // The schema author already said what the alternatives mean: say that, once.
  if (typeof union.parentSchema?.['x-message'] === 'string') return [union];
  const branches = new Map<number, Branch>();
  for (const error of inside) {
    const index = Number(error.schemaPath.slice(union.schemaPath.length + 1).split('/')[0]);
    const branch = branches.get(index) ?? { index, errors: [] };
    branch.errors.push(error);
    const isDirectChild = error.instancePath.startsWith(`${union.instancePath}/`) && !error.instancePath.slice(union.instancePath.length + 1).includes('/');
    if (isDirectChild && (error.keyword === 'const' || error.keyword === 'enum')) {
      const params = error.params as { allowedValue?: unknown; allowedValues?: unknown[] };
      branch.discriminatorMiss = {
        instancePath: error.instancePath,
        allowed: error.keyword === 'const' ? [params.allowedValue] : (params.allowedValues ?? []),
      };
    }
    branches.set(index, branch);
  }
  const candidates = [...branches.values()].filter((branch) => !branch.discriminatorMiss);
  if (candidates.length > 0) {
    candidates.sort((a, b) => a.errors.length - b.errors.length);
    return candidates[0]!.errors;
  }
  const misses = [...branches.values()].map((branch) => branch.discriminatorMiss!);
  const samePlace = misses.every((miss) => miss.instancePath === misses[0]!.instancePath);
  if (!samePlace) return [union];
  const allowed = [...new Set(misses.flatMap((miss) => miss.allowed))];
  return [
    {
      ...union,
      keyword: 'enum',
      instancePath: misses[0]!.instancePath,
      params: { allowedValues: allowed },
      parentSchema: {},
      data: undefined,
    },
  ];
}
