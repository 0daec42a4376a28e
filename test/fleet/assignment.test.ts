import { expect } from 'chai';
import { assignClinics, ownerOf, planLeases, type LeasePlanInput } from '../../core/fleet/index.js';

const clinics = Array.from({ length: 100 }, (_, i) => `clinic-${i}`);

function countByOwner(owners: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const owner of owners.values()) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return counts;
}

describe('fleet: rendezvous assignment', () => {
  it('spreads 100 clinics over 3 replicas evenly (33 ± 10 each)', () => {
    const counts = countByOwner(assignClinics(clinics, ['replica-a', 'replica-b', 'replica-c']));
    expect([...counts.keys()].sort()).to.deep.equal(['replica-a', 'replica-b', 'replica-c']);
    for (const count of counts.values()) expect(count).to.be.within(23, 43);
  });

  it('gives the same answer whatever the order of the live list', () => {
    expect(assignClinics(clinics, ['c', 'a', 'b'])).to.deep.equal(assignClinics(clinics, ['a', 'b', 'c']));
  });

  it('moves only the clinics the joining replica wins when one joins', () => {
    const before = assignClinics(clinics, ['a', 'b', 'c']);
    const after = assignClinics(clinics, ['a', 'b', 'c', 'd']);
    const moved = clinics.filter((c) => before.get(c) !== after.get(c));
    expect(moved.every((c) => after.get(c) === 'd')).to.equal(true);
    expect(moved.length).to.equal(countByOwner(after).get('d'));
    expect(moved.length).to.be.within(15, 35);
  });

  it('moves only the leaving replica’s clinics when one leaves', () => {
    const before = assignClinics(clinics, ['a', 'b', 'c']);
    const after = assignClinics(clinics, ['a', 'c']);
    const moved = clinics.filter((c) => before.get(c) !== after.get(c));
    expect(moved.every((c) => before.get(c) === 'b')).to.equal(true);
    expect(moved.length).to.equal(countByOwner(before).get('b'));
  });

  it('has no owner without a live replica', () => {
    expect(ownerOf('clinic-1', [])).to.equal(undefined);
    expect(assignClinics(clinics, []).size).to.equal(0);
  });
});

describe('fleet: lease plan', () => {
  const self = 'a';
  const base = (over: Partial<LeasePlanInput>): LeasePlanInput => ({
    self,
    clinicIds: clinics,
    liveReplicas: ['a', 'b'],
    held: new Set(),
    leases: new Map(),
    orphanSince: new Map(),
    adoptedFrom: new Map(),
    now: 1_000_000,
    ttlMs: 15_000,
    ...over,
  });
  const mine = clinics.filter((c) => ownerOf(c, ['a', 'b']) === 'a');
  const theirs = clinics.filter((c) => ownerOf(c, ['a', 'b']) === 'b');

  it('acquires its own free clinics and only starts watching the others', () => {
    const plan = planLeases(base({}));
    expect(plan.acquire.sort()).to.deep.equal([...mine].sort());
    expect(plan.adopt.size).to.equal(0);
    expect([...plan.orphanSince.keys()].sort()).to.deep.equal([...theirs].sort());
  });

  it('does not try a clinic another replica holds live', () => {
    const leases = new Map([[mine[0]!, { clinicId: mine[0]!, replicaId: 'b', token: 3, free: false }]]);
    expect(planLeases(base({ leases })).acquire).not.to.include(mine[0]);
  });

  it('takes over a clinic its owner left free for a full TTL, and keeps it while that owner is still named', () => {
    const orphan = theirs[0]!;
    const watched = new Map([[orphan, 1_000_000 - 15_000]]);
    const plan = planLeases(base({ orphanSince: watched }));
    expect([...plan.adopt]).to.deep.equal([[orphan, 'b']]);
    const later = planLeases(base({ held: new Set([orphan]), adoptedFrom: new Map([[orphan, 'b']]) }));
    expect(later.release).to.deep.equal([]);
  });

  it('gives an adopted clinic back to normal rebalancing once the hash names another owner', () => {
    const orphan = theirs.find((c) => ownerOf(c, ['a', 'b', 'z']) === 'z')!;
    const plan = planLeases(base({ liveReplicas: ['a', 'b', 'z'], held: new Set([orphan]), adoptedFrom: new Map([[orphan, 'b']]) }));
    expect(plan.release).to.deep.equal([orphan]);
  });

  it('releases held clinics that belong to another replica or left its list', () => {
    const plan = planLeases(base({ clinicIds: clinics.slice(1), held: new Set([theirs[0]!, clinics[0]!]) }));
    expect(plan.release.sort()).to.deep.equal([theirs[0]!, clinics[0]!].sort());
  });
});
