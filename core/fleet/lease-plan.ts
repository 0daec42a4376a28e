import { assignClinics } from './assignment.js';
import type { LeaseHolder } from './clinic-leases.js';

/** What one replica knows at the start of a tick's planning step. */
export interface LeasePlanInput {
  /** This replica's id. */
  self: string;
  /** The clinics this replica may work. */
  clinicIds: readonly string[];
  /** The live replicas by heartbeat (this one is added when missing). */
  liveReplicas: readonly string[];
  /** The clinics whose leases this replica holds after this tick's renewals. */
  held: ReadonlySet<string>;
  /** The database's view of the listed clinics' leases (clinics never leased are missing). */
  leases: ReadonlyMap<string, LeaseHolder>;
  /** Since when (local clock, ms) each clinic has been seen free while another replica should own it. */
  orphanSince: ReadonlyMap<string, number>;
  /** Clinics this replica took over as orphans, with the owner the hash named then. */
  adoptedFrom: ReadonlyMap<string, string>;
  /** Local clock, ms. */
  now: number;
  ttlMs: number;
}

/** What to do this tick. */
export interface LeasePlan {
  /** Held clinics to give up (after the caller stops their work). */
  release: string[];
  /** Clinics to take: ours by the hash, and free (or never leased, or already ours in the database). */
  acquire: string[];
  /** Orphans to take over although another replica should own them: clinic → that owner. */
  adopt: Map<string, string>;
  /** The orphan watch to carry to the next tick. */
  orphanSince: Map<string, number>;
}

/*
 * Pure: who should work what, from the live list, what we hold and the lease table.
 *
 * An orphan is a clinic that another live replica should own by the hash but whose lease is
 * free (expired, released or never taken): the hash and liveness disagree, for example when that
 * replica's clinic list lacks the clinic or it heartbeats but cannot take leases. After a full
 * TTL of being seen free we take it over, so no clinic stays unworked. An adopted clinic is kept
 * while the hash still names the replica that did not take it; when the owner changes (a
 * replica joined or left), normal rebalancing applies again.
 */
export function planLeases(input: LeasePlanInput): LeasePlan {
  const clinicIds = new Set(input.clinicIds);
  const live = input.liveReplicas.includes(input.self) ? input.liveReplicas : [...input.liveReplicas, input.self];
  const owners = assignClinics(clinicIds, live);
  const release: string[] = [];
  const acquire: string[] = [];
  const adopt = new Map<string, string>();
  const orphanSince = new Map<string, number>();

  for (const clinicId of input.held) {
    const owner = owners.get(clinicId);
    if (owner === undefined) release.push(clinicId);
    else if (owner !== input.self && input.adoptedFrom.get(clinicId) !== owner) release.push(clinicId);
  }
  for (const [clinicId, owner] of owners) {
    if (input.held.has(clinicId)) continue;
    const lease = input.leases.get(clinicId);
    const free = !lease || lease.free;
    if (owner === input.self) {
      if (free || lease.replicaId === input.self) acquire.push(clinicId);
      continue;
    }
    if (!free) continue;
    const since = input.orphanSince.get(clinicId) ?? input.now;
    if (input.now - since >= input.ttlMs) adopt.set(clinicId, owner);
    else orphanSince.set(clinicId, since);
  }
  return { release, acquire, adopt, orphanSince };
}
