import { expect } from 'chai';
import type { NewJoinLock, Store } from '../store/store.js';

const T0 = Date.UTC(2026, 10, 22, 22, 0);
const MINUTE = 60_000;

function lock(appointmentId = 'a1', lockId = 'lock-1'): NewJoinLock {
  return {
    appointmentId,
    lockId,
    secret: `secret-of-${lockId}`,
    code: '123456',
    issueKey: `${appointmentId}:join-code:start`,
    codeIssuedAt: T0,
    codeExpiresAt: T0 + 15 * MINUTE,
    expiresAt: T0 + 90 * MINUTE,
  };
}

function issue(issueKey: string, code: string, at = T0 + MINUTE) {
  return { issueKey, code, codeIssuedAt: at, codeExpiresAt: at + 15 * MINUTE };
}

/** Join locks (`video.verifyJoin`, issue 15), part of the Store contract suite. */
export function describeJoinLockStoreContract(current: () => Store): void {
  describe('join locks', () => {
    it('records one lock per appointment with its first code: a repeat returns the first unchanged', async () => {
      const store = current();
      const first = await store.recordJoinLock(lock(), T0);
      expect(first).to.deep.include({ appointmentId: 'a1', lockId: 'lock-1', secret: 'secret-of-lock-1', code: '123456', codesIssued: 1, createdAt: T0 });
      expect(first.issueKeys).to.deep.equal(['a1:join-code:start']);
      expect(first.url, 'not published yet').to.equal(undefined);
      expect(first.publishedAt).to.equal(undefined);
      const again = await store.recordJoinLock({ ...lock('a1', 'lock-2'), code: '999999' }, T0 + 5);
      expect(again).to.deep.equal(first);
      expect(await store.getJoinLock('a1')).to.deep.equal(first);
      expect(await store.getJoinLock('a2')).to.equal(undefined);
    });

    it('keeps the published url; a new target or a new code waits to be published again, the url stays', async () => {
      const store = current();
      await store.recordJoinLock(lock(), T0);
      const targeted = await store.setJoinLockTarget('a1', 'https://video.test/p/1');
      expect(targeted).to.deep.include({ target: 'https://video.test/p/1' });
      const published = await store.markJoinLockPublished('a1', 'https://gate.test/verify#lock-1.s', T0 + 1);
      expect(published).to.deep.include({ url: 'https://gate.test/verify#lock-1.s', publishedAt: T0 + 1 });
      expect((await store.setJoinLockTarget('a1', 'https://video.test/p/1'))!.publishedAt, 'the same target changes nothing').to.equal(T0 + 1);
      const rejoin = await store.setJoinLockTarget('a1', 'https://video.test/p/1-again');
      expect(rejoin).to.deep.include({ target: 'https://video.test/p/1-again', url: 'https://gate.test/verify#lock-1.s' });
      expect(rejoin!.publishedAt).to.equal(undefined);
    });

    it('moves the expiry to a later one with the target (a moved consult), never to an earlier one', async () => {
      const store = current();
      await store.recordJoinLock(lock(), T0);
      await store.setJoinLockTarget('a1', 'https://video.test/p/1', T0 + 90 * MINUTE);
      await store.markJoinLockPublished('a1', 'https://gate.test/v#x', T0);
      expect((await store.setJoinLockTarget('a1', 'https://video.test/p/1', T0 + 30 * MINUTE))!.publishedAt, 'an earlier expiry changes nothing').to.equal(T0);
      const later = await store.setJoinLockTarget('a1', 'https://video.test/p/1', T0 + 150 * MINUTE);
      expect(later).to.deep.include({ expiresAt: T0 + 150 * MINUTE, target: 'https://video.test/p/1' });
      expect(later!.publishedAt).to.equal(undefined);
    });

    it('issues a code once per key, up to the limit, each clearing the published mark', async () => {
      const store = current();
      await store.recordJoinLock(lock(), T0);
      await store.markJoinLockPublished('a1', 'https://gate.test/v#x', T0);
      const second = await store.issueJoinCode('a1', issue('join-code:SM1', '222222'), 3);
      expect(second).to.deep.include({ code: '222222', codesIssued: 2, codeIssuedAt: T0 + MINUTE, codeExpiresAt: T0 + 16 * MINUTE });
      expect(second!.issueKeys).to.deep.equal(['a1:join-code:start', 'join-code:SM1']);
      expect(second!.publishedAt).to.equal(undefined);
      const repeat = await store.issueJoinCode('a1', issue('join-code:SM1', '333333', T0 + 2 * MINUTE), 3);
      expect(repeat, 'a key already issued changes nothing').to.deep.equal(second);
      expect((await store.issueJoinCode('a1', issue('a1:join-code:start', '444444'), 3))!.code, 'nor does the first key').to.equal('222222');
      expect((await store.issueJoinCode('a1', issue('join-code:SM2', '555555'), 3))!.codesIssued).to.equal(3);
      const over = await store.issueJoinCode('a1', issue('join-code:SM3', '666666'), 3);
      expect(over).to.deep.include({ code: '555555', codesIssued: 3 });
      expect(over!.issueKeys).not.to.include('join-code:SM3');
      expect(await store.issueJoinCode('nope', issue('k', '777777'), 3)).to.equal(undefined);
    });

    it('withdraws once (the first time stands), and a withdrawn lock takes no code, target or publish', async () => {
      const store = current();
      await store.recordJoinLock(lock(), T0);
      expect(await store.markJoinLockWithdrawn('a1', T0 + 1)).to.deep.include({ withdrawnAt: T0 + 1 });
      expect((await store.markJoinLockWithdrawn('a1', T0 + 2))!.withdrawnAt).to.equal(T0 + 1);
      expect((await store.issueJoinCode('a1', issue('k', '222222'), 5))!.codesIssued).to.equal(1);
      expect((await store.setJoinLockTarget('a1', 'https://video.test/p/2'))!.target).to.equal(undefined);
      expect((await store.markJoinLockPublished('a1', 'https://gate.test/v#y', T0 + 3))!.url).to.equal(undefined);
    });

    it('lists the locks of the appointments asked for', async () => {
      const store = current();
      await store.recordJoinLock(lock('a1', 'l1'), T0);
      await store.recordJoinLock(lock('a2', 'l2'), T0);
      expect((await store.listJoinLocks(['a2', 'a3'])).map((l) => l.lockId)).to.deep.equal(['l2']);
      expect(await store.listJoinLocks([])).to.deep.equal([]);
    });

    it('forgets the secret, code, target and url of locks older than the retention cut-off, keeping the rows', async () => {
      const store = current();
      await store.recordJoinLock(lock('a1', 'l1'), T0 - 1);
      await store.setJoinLockTarget('a1', 'https://video.test/p/1');
      await store.markJoinLockPublished('a1', 'https://gate.test/v#l1.s', T0);
      await store.recordJoinLock(lock('a2', 'l2'), T0);
      expect(await store.purgeBodiesBefore(T0)).to.equal(1);
      const old = await store.getJoinLock('a1');
      expect(old).to.deep.include({ lockId: 'l1', codesIssued: 1 });
      for (const field of ['secret', 'code', 'target', 'url'] as const) expect(old![field], field).to.equal(undefined);
      expect((await store.getJoinLock('a2'))!.secret).to.equal('secret-of-l2');
      expect(await store.purgeBodiesBefore(T0)).to.equal(0);
    });
  });
}
