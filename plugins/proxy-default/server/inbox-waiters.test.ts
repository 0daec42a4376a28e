import { expect } from 'chai';
import { InboxWaiters } from './inbox-waiters.js';
import type { ProxyStorage, StoredListener } from './storage/types.js';

describe('proxy: inbox waiters', function () {
  const ACCOUNT = 'AC' + '1'.repeat(32);
  const OTHER = 'AC' + '2'.repeat(32);

  function waitersWithAnnouncer(): { waiters: InboxWaiters; announce: StoredListener } {
    let listener: StoredListener = () => undefined;
    const storage = { onStored: (l: StoredListener) => ((listener = l), () => undefined) } as unknown as ProxyStorage;
    return { waiters: new InboxWaiters(storage), announce: (account, number) => listener(account, number) };
  }

  it('wakes a waiter that named numbers only for those numbers, an unknown number, or a reconnect', () => {
    const { waiters, announce } = waitersWithAnnouncer();
    const woken: string[] = [];
    waiters.subscribe(ACCOUNT, () => woken.push('A'), ['+61299990001']);
    waiters.subscribe(ACCOUNT, () => woken.push('B'), ['+61299990002', '+61299990003']);
    waiters.subscribe(ACCOUNT, () => woken.push('all'));
    announce(ACCOUNT, '+61299990003');
    expect(woken.splice(0)).to.deep.equal(['B', 'all']);
    announce(ACCOUNT, '+61299990001');
    expect(woken.splice(0)).to.deep.equal(['A', 'all']);
    announce(OTHER, '+61299990001');
    expect(woken.splice(0)).to.deep.equal([]);
    // An announcement from an instance that does not send the number: everyone of the account looks.
    announce(ACCOUNT, undefined);
    expect(woken.splice(0)).to.deep.equal(['A', 'B', 'all']);
    announce(undefined, undefined);
    expect(woken.splice(0)).to.deep.equal(['A', 'B', 'all']);
  });

  it('forgets a waiter once it unsubscribes', () => {
    const { waiters, announce } = waitersWithAnnouncer();
    let woken = 0;
    const unsubscribe = waiters.subscribe(ACCOUNT, () => woken++, ['+61299990001']);
    expect(waiters.count(ACCOUNT)).to.equal(1);
    unsubscribe();
    announce(ACCOUNT, '+61299990001');
    expect([woken, waiters.count(ACCOUNT)]).to.deep.equal([0, 0]);
  });
});
