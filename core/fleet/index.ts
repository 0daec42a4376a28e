export { ensureLeaseSchema, LEASE_SCHEMA_LOCK_KEY } from './lease-schema.js';
export { acquireLease, renewLease, renewLeases, releaseLease, readLeaseHolder, readLeaseHolders, type LeaseHolder } from './clinic-leases.js';
export { leaseFence, type LeaseFence } from './fence.js';
export { LeaseLostError, LEASE_LOST_CODE } from './lease-lost-error.js';
export { heartbeat, holderApiUrl, listLiveReplicas, removeReplica } from './replica-membership.js';
export { assignClinics, ownerOf } from './assignment.js';
export { planLeases, type LeasePlan, type LeasePlanInput } from './lease-plan.js';
export { LeaseKeeper, type LeaseKeeperOptions, type KeeperTimers } from './lease-keeper.js';
export type { Queryable } from './queryable.js';
