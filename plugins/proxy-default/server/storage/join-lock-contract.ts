import { expect } from 'chai';
import type { JoinLockRecord, ProxyStorage } from './types.js';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const OTHER = 'AC' + 'b'.repeat(32);
const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;
const MAX_WRONG = 3;

/** A join lock for the suite; `n` makes the id unique. */
export function sampleJoinLock(n: number, overrides: Partial<JoinLockRecord> = {}): JoinLockRecord {
  return {
    accountSid: ACCOUNT,
    lockId: `lock${n}`.padEnd(22, 'x'),
    sealed: `sealed-${n}`,
    proof: `p${n}`.padEnd(43, 'P'),
    codeExpiresAt: NOW + HOUR,
    expiresAt: NOW + 8 * HOUR,
    publishedAt: NOW,
    ...overrides,
  };
}

/**
 * The join-lock part of the storage contract (run by describeProxyStorageContract for every
 * backend). `storage()` is the fresh storage of the current test.
 */
export function describeJoinLockContract(storage: () => ProxyStorage): void {
  describe('join locks', () => {
    const claim = (lockId: string, now = NOW) => storage().claimJoinAttempt(lockId, { now, maxWrong: MAX_WRONG });

    it('hands a claimed try the stored proof and sealed target, counting it as wrong until refunded', async () => {
      const lock = sampleJoinLock(1);
      expect(await storage().putJoinLock(lock, NOW)).to.equal(true);
      const first = await claim(lock.lockId);
      expect(first).to.deep.include({ state: 'claimed', proof: lock.proof, sealed: lock.sealed, wrongAttempts: 1 });
      if (first.state !== 'claimed') throw new Error('not claimed');
      await storage().refundJoinAttempt(lock.lockId, first.version);
      expect(await claim(lock.lockId)).to.deep.include({ state: 'claimed', wrongAttempts: 1 });
    });

    it('locks after the third wrong try, and a republish unlocks with a new proof', async () => {
      const lock = sampleJoinLock(2);
      await storage().putJoinLock(lock, NOW);
      for (const n of [1, 2, 3]) expect(await claim(lock.lockId)).to.deep.include({ state: 'claimed', wrongAttempts: n });
      expect(await claim(lock.lockId)).to.deep.equal({ state: 'locked' });
      const renewed = { ...lock, proof: 'q'.repeat(43), publishedAt: NOW + 1 };
      expect(await storage().putJoinLock(renewed, NOW + 1)).to.equal(true);
      expect(await claim(lock.lockId)).to.deep.include({ state: 'claimed', proof: renewed.proof, wrongAttempts: 1 });
    });

    it('counts parallel tries each once and never lets more than three through', async () => {
      const lock = sampleJoinLock(3);
      await storage().putJoinLock(lock, NOW);
      const results = await Promise.all(Array.from({ length: 10 }, () => claim(lock.lockId)));
      const claimed = results.filter((r) => r.state === 'claimed');
      expect(claimed.map((r) => (r.state === 'claimed' ? r.wrongAttempts : 0)).sort()).to.deep.equal([1, 2, 3]);
      expect(results.filter((r) => r.state === 'locked')).to.have.length(7);
    });

    it('a refund of a try claimed before a republish does not touch the new count', async () => {
      const lock = sampleJoinLock(4);
      await storage().putJoinLock(lock, NOW);
      const old = await claim(lock.lockId);
      await storage().putJoinLock(lock, NOW);
      await claim(lock.lockId);
      if (old.state !== 'claimed') throw new Error('not claimed');
      await storage().refundJoinAttempt(lock.lockId, old.version);
      expect(await claim(lock.lockId)).to.deep.include({ wrongAttempts: 2 });
    });

    it('answers expired for an unknown or expired lock, code-expired for an expired code', async () => {
      const lock = sampleJoinLock(5);
      await storage().putJoinLock(lock, NOW);
      expect(await claim('unknown'.padEnd(22, 'x'))).to.deep.equal({ state: 'expired' });
      expect(await claim(lock.lockId, lock.codeExpiresAt)).to.deep.equal({ state: 'code-expired' });
      expect(await claim(lock.lockId, lock.expiresAt)).to.deep.equal({ state: 'expired' });
    });

    it('keeps each account to its own locks: no overwrite, no delete by another', async () => {
      const lock = sampleJoinLock(6);
      await storage().putJoinLock(lock, NOW);
      expect(await storage().putJoinLock({ ...lock, accountSid: OTHER, sealed: 'theirs' }, NOW)).to.equal(false);
      await storage().deleteJoinLock(OTHER, lock.lockId);
      expect(await claim(lock.lockId)).to.deep.include({ state: 'claimed', sealed: lock.sealed });
      await storage().deleteJoinLock(ACCOUNT, lock.lockId);
      expect(await claim(lock.lockId)).to.deep.equal({ state: 'expired' });
      await storage().deleteJoinLock(ACCOUNT, lock.lockId);
    });

    it('lets another account take over an id only once the old lock has expired', async () => {
      const lock = sampleJoinLock(7);
      await storage().putJoinLock(lock, NOW);
      expect(await storage().putJoinLock({ ...lock, accountSid: OTHER, sealed: 'theirs' }, lock.expiresAt)).to.equal(true);
      expect(await claim(lock.lockId)).to.deep.include({ state: 'claimed', sealed: 'theirs' });
    });

    it('sweeps expired locks and locks published before the cut-off, nothing else', async () => {
      await storage().putJoinLock(sampleJoinLock(8, { expiresAt: NOW + HOUR }), NOW);
      await storage().putJoinLock(sampleJoinLock(9, { publishedAt: NOW - 25 * HOUR, expiresAt: NOW + 2 * HOUR }), NOW);
      await storage().putJoinLock(sampleJoinLock(10, { expiresAt: NOW + 3 * HOUR, codeExpiresAt: NOW + 2 * HOUR }), NOW);
      expect(await storage().sweepJoinLocks(NOW + HOUR, NOW - 24 * HOUR)).to.equal(2);
      expect(await claim(sampleJoinLock(10).lockId, NOW + HOUR)).to.deep.include({ state: 'claimed' });
      expect(await claim(sampleJoinLock(9).lockId, NOW + HOUR)).to.deep.equal({ state: 'expired' });
    });
  });
}
