/**
 * How one effect went. `deferred` stops the decision quietly (a send waits for its retry
 * time, or was given up earlier); `failed` stops it and is reported.
 */
export type EffectOutcome =
  | { kind: 'done' }
  | { kind: 'deferred'; why: string }
  | { kind: 'failed'; error: string };

export const DONE: EffectOutcome = { kind: 'done' };
