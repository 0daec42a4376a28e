import { expect } from 'chai';
import { checkJoinAttempt, MAX_WRONG_CODES } from './join-attempt.js';
import { openSqliteProxyStorage } from './storage/sqlite-storage.js';
import type { ProxyStorage } from './storage/types.js';

const NOW = 1_800_000_000_000;
const LOCK_ID = 'L'.repeat(22);
const PROOF = 'P'.repeat(43);

describe('proxy: checkJoinAttempt', () => {
  let storage: ProxyStorage;

  beforeEach(async () => {
    storage = await openSqliteProxyStorage(':memory:');
    await storage.putJoinLock(
      {
        accountSid: 'AC' + 'a'.repeat(32),
        lockId: LOCK_ID,
        sealed: 'S'.repeat(60),
        proof: PROOF,
        codeExpiresAt: NOW + 60_000,
        expiresAt: NOW + 3_600_000,
        publishedAt: NOW,
      },
      NOW,
    );
  });
  afterEach(() => storage.close());

  it('releases the sealed target for the right proof without using up a try', async () => {
    for (let n = 0; n <= MAX_WRONG_CODES; n++)
      expect(await checkJoinAttempt(storage, LOCK_ID, PROOF, NOW)).to.deep.equal({ state: 'ok', sealed: 'S'.repeat(60) });
  });

  it('counts down wrong proofs, even one that differs only in its last character, then stays locked', async () => {
    const almost = PROOF.slice(0, -1) + 'Q';
    expect(await checkJoinAttempt(storage, LOCK_ID, almost, NOW)).to.deep.equal({ state: 'wrong', attemptsLeft: 2 });
    expect(await checkJoinAttempt(storage, LOCK_ID, almost, NOW)).to.deep.equal({ state: 'wrong', attemptsLeft: 1 });
    expect(await checkJoinAttempt(storage, LOCK_ID, almost, NOW)).to.deep.equal({ state: 'locked' });
    expect(await checkJoinAttempt(storage, LOCK_ID, PROOF, NOW)).to.deep.equal({ state: 'locked' });
  });

  it('passes expiry answers through', async () => {
    expect(await checkJoinAttempt(storage, LOCK_ID, PROOF, NOW + 60_000)).to.deep.equal({ state: 'code-expired' });
    expect(await checkJoinAttempt(storage, LOCK_ID, PROOF, NOW + 3_600_000)).to.deep.equal({ state: 'expired' });
  });
});
