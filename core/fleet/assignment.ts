import { createHash } from 'node:crypto';

/*
 * Rendezvous (highest-random-weight) hashing: each clinic goes to the replica with the highest
 * hash of (clinic, replica). Every replica computes the same answer from the same live list
 * without talking to the others; the spread is even; and when a replica joins or leaves only
 * the clinics it wins or held change owner (every other clinic's highest weight is unchanged).
 */

function weight(clinicId: string, replicaId: string): bigint {
  // Length-prefixed so ("ab", "c") and ("a", "bc") never collide.
  return createHash('sha256').update(`${clinicId.length}:${clinicId}|${replicaId}`).digest().readBigUInt64BE(0);
}

/** The replica that should work `clinicId`, or undefined when no replica is live. */
export function ownerOf(clinicId: string, replicaIds: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const replicaId of replicaIds) {
    const w = weight(clinicId, replicaId);
    // Ties (practically impossible) go to the smaller id so every replica agrees.
    if (w > bestWeight || (w === bestWeight && best !== undefined && replicaId < best)) {
      best = replicaId;
      bestWeight = w;
    }
  }
  return best;
}

/** The owner of each clinic among the live replicas (empty when none is live). */
export function assignClinics(clinicIds: Iterable<string>, replicaIds: readonly string[]): Map<string, string> {
  const owners = new Map<string, string>();
  if (replicaIds.length === 0) return owners;
  for (const clinicId of clinicIds) owners.set(clinicId, ownerOf(clinicId, replicaIds)!);
  return owners;
}
