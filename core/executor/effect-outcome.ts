import type { Effect } from '../engine/decisions.js';

/**
 * How one effect went. `deferred` stops the decision quietly (a send waits for its retry
 * time, or was given up earlier); `failed` stops it and is reported. `done` may bring
 * follow-up effects the executor applies next, within the same decision (a replaced video
 * room must be recorded in the PMS even when the engine, seeing it recorded, did not ask).
 */
export type EffectOutcome = { kind: 'done'; followUp?: Effect[] } | { kind: 'deferred'; why: string } | { kind: 'failed'; error: string };

export const DONE: EffectOutcome = { kind: 'done' };
