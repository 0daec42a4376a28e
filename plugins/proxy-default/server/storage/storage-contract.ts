import { expect } from 'chai';
import { describeJoinLockContract } from './join-lock-contract.js';
import type { NewInboxMessage, ProxyStorage } from './types.js';

/** One storage under test: a fresh, empty database each time. */
export interface StorageUnderTest {
  storage: ProxyStorage;
  /** Closes `storage` and opens the same database again (restart). */
  reopen(): Promise<ProxyStorage>;
  /** Closes whatever is open and deletes the database. */
  destroy(): Promise<void>;
}

const ACCOUNT = 'AC' + 'a'.repeat(32);
const OTHER = 'AC' + 'b'.repeat(32);
const MINUTE = 60_000;

/** A valid-looking SMS for the suite; `n` makes the MessageSid unique. */
export function sampleMessage(n: number, overrides: Partial<NewInboxMessage> = {}): NewInboxMessage {
  const messageSid = 'SM' + n.toString(16).padStart(32, '0');
  return {
    accountSid: ACCOUNT,
    id: messageSid,
    kind: 'sms',
    messageSid,
    from: '+61400000' + String(n % 1000).padStart(3, '0'),
    to: '+61299990000',
    body: `reply ${n}`,
    receivedAt: 1_000_000 + n,
    ...overrides,
  };
}

/**
 * The behaviour every proxy storage backend must have (SQLite and PostgreSQL run the same
 * suite). `create` gives a fresh database per test.
 */
export function describeProxyStorageContract(name: string, create: () => Promise<StorageUnderTest | undefined>): void {
  describe(`proxy storage contract: ${name}`, function () {
    let subject: StorageUnderTest;
    let storage: ProxyStorage;

    beforeEach(async function () {
      const created = await create();
      if (!created) return this.skip();
      subject = created;
      storage = created.storage;
    });
    afterEach(async () => {
      await subject?.destroy();
    });

    it('stores a message once: a retried MessageSid is a duplicate', async () => {
      expect(await storage.insert(sampleMessage(1))).to.equal(true);
      expect(await storage.insert(sampleMessage(1, { body: 'changed' }))).to.equal(false);
      const leased = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(leased.map((m) => m.body)).to.deep.equal(['reply 1']);
      expect(await storage.countPending()).to.equal(1);
    });

    it('stores concurrent inserts of the same id once', async () => {
      const results = await Promise.all([1, 2, 3, 4].map(() => storage.insert(sampleMessage(7))));
      expect(results.filter(Boolean)).to.have.length(1);
      expect(await storage.countPending()).to.equal(1);
    });

    it('keeps every field, including status callback fields', async () => {
      const status = sampleMessage(2, { id: 'SMx:failed', kind: 'status', body: '', status: 'failed', errorCode: '30003' });
      await storage.insert(status);
      const [got] = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(got).to.deep.equal({ ...status, deliveries: 1 });
    });

    it('hands out oldest first, up to the limit, and only the asking account', async () => {
      for (const n of [1, 2, 3]) await storage.insert(sampleMessage(n));
      await storage.insert(sampleMessage(4, { accountSid: OTHER }));
      const first = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 2 });
      expect(first.map((m) => m.body)).to.deep.equal(['reply 1', 'reply 2']);
      const second = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(second.map((m) => m.body)).to.deep.equal(['reply 3']);
      const other = await storage.lease(OTHER, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(other.map((m) => m.body)).to.deep.equal(['reply 4']);
    });

    it('hides a leased message until the lease ends, then hands it out again', async () => {
      await storage.insert(sampleMessage(1));
      const now = 2_000_000;
      expect(await storage.lease(ACCOUNT, { now, leaseMs: MINUTE, limit: 10 })).to.have.length(1);
      expect(await storage.lease(ACCOUNT, { now: now + MINUTE - 1, leaseMs: MINUTE, limit: 10 })).to.have.length(0);
      const again = await storage.lease(ACCOUNT, { now: now + MINUTE, leaseMs: MINUTE, limit: 10 });
      expect(again.map((m) => [m.id, m.deliveries])).to.deep.equal([[sampleMessage(1).id, 2]]);
    });

    it('never hands the same message to two concurrent leases', async () => {
      for (let n = 1; n <= 20; n++) await storage.insert(sampleMessage(n));
      const batches = await Promise.all([1, 2, 3, 4].map(() => storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 8 })));
      const ids = batches.flat().map((m) => m.id);
      expect(ids).to.have.length(20);
      expect(new Set(ids).size).to.equal(20);
    });

    it('ack deletes for good; a later retry of the same MessageSid is not stored again', async () => {
      await storage.insert(sampleMessage(1));
      await storage.insert(sampleMessage(2));
      await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(await storage.ack(ACCOUNT, [sampleMessage(1).id, 'SMunknown'])).to.equal(1);
      expect(await storage.ack(ACCOUNT, [sampleMessage(1).id])).to.equal(0);
      const later = await storage.lease(ACCOUNT, { now: 2_000_000 + 10 * MINUTE, leaseMs: MINUTE, limit: 10 });
      expect(later.map((m) => m.id)).to.deep.equal([sampleMessage(2).id]);
      expect(await storage.insert(sampleMessage(1))).to.equal(false);
      expect(await storage.countPending()).to.equal(1);
    });

    it('ack by another account deletes nothing', async () => {
      await storage.insert(sampleMessage(1));
      expect(await storage.ack(OTHER, [sampleMessage(1).id])).to.equal(0);
      expect(await storage.countPending()).to.equal(1);
    });

    it('take hands out available messages of one kind and removes them', async () => {
      await storage.insert(sampleMessage(1));
      await storage.insert(sampleMessage(2));
      await storage.insert(sampleMessage(3, { id: 'SMy:sent', kind: 'status', body: '', status: 'sent' }));
      await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 1 });
      const taken = await storage.take(ACCOUNT, { now: 2_000_000, limit: 10, kind: 'sms' });
      expect(taken.map((m) => [m.id, m.deliveries])).to.deep.equal([[sampleMessage(2).id, 1]]);
      expect(await storage.take(ACCOUNT, { now: 2_000_000, limit: 10, kind: 'sms' })).to.deep.equal([]);
      expect(await storage.insert(sampleMessage(2))).to.equal(false);
      expect(await storage.countPending()).to.equal(2);
    });

    it('sweep deletes what is older than the cut-off, acknowledged or not, and nothing newer', async () => {
      await storage.insert(sampleMessage(1, { receivedAt: 100 }));
      await storage.insert(sampleMessage(2, { receivedAt: 200 }));
      await storage.insert(sampleMessage(3, { receivedAt: 300 }));
      await storage.insert(sampleMessage(4, { receivedAt: 400 }));
      await storage.ack(ACCOUNT, [sampleMessage(1).id, sampleMessage(3).id]);
      const result = await storage.sweep(300);
      expect(result).to.deep.equal({ messages: 1, tombstones: 1 });
      const left = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(left.map((m) => m.id)).to.deep.equal([sampleMessage(4).id]);
      // The tombstone of 3 is younger than the cut-off: still a duplicate.
      expect(await storage.insert(sampleMessage(3, { receivedAt: 300 }))).to.equal(false);
    });

    it('sweeps delivery status items like replies: nothing is kept past the cut-off', async () => {
      const status = (n: number, value: string, receivedAt: number): NewInboxMessage => {
        const base = sampleMessage(n, { receivedAt });
        return {
          ...base,
          id: `${base.messageSid}:${value}`,
          kind: 'status',
          status: value,
          body: '',
          ...(value === 'undelivered' ? { errorCode: '30003' } : {}),
        };
      };
      await storage.insert(status(1, 'sent', 100));
      await storage.insert(status(1, 'undelivered', 200));
      await storage.insert(status(2, 'delivered', 400));
      await storage.ack(ACCOUNT, [status(1, 'sent', 100).id]);
      expect(await storage.sweep(300)).to.deep.equal({ messages: 1, tombstones: 1 });
      const left = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(left.map((m) => m.id)).to.deep.equal([status(2, 'delivered', 400).id]);
    });

    it('with numbers, hands out and leases only those clinic numbers: To of a reply, From of a status', async () => {
      const clinicA = '+61299990001';
      const clinicB = '+61299990002';
      await storage.insert(sampleMessage(1, { to: clinicA }));
      await storage.insert(sampleMessage(2, { to: clinicB }));
      await storage.insert(sampleMessage(3, { id: 'SMz:sent', kind: 'status', body: '', status: 'sent', from: clinicB, to: clinicA }));
      await storage.insert(sampleMessage(4, { to: clinicA, accountSid: OTHER }));
      const now = 2_000_000;
      // Clinic A asks again and again: B's items are never leased by it.
      for (let i = 0; i < 3; i++) {
        const forA = await storage.lease(ACCOUNT, { now, leaseMs: MINUTE, limit: 10, numbers: [clinicA] });
        expect(
          forA.map((m) => m.body),
          `round ${i}`,
        ).to.deep.equal(i === 0 ? ['reply 1'] : []);
      }
      const forB = await storage.lease(ACCOUNT, { now, leaseMs: MINUTE, limit: 10, numbers: [clinicB, '+61299990003'] });
      expect(forB.map((m) => [m.id, m.deliveries])).to.deep.equal([
        [sampleMessage(2).id, 1],
        ['SMz:sent', 1],
      ]);
      const otherAccount = await storage.lease(OTHER, { now, leaseMs: MINUTE, limit: 10, numbers: [clinicA] });
      expect(otherAccount.map((m) => m.body)).to.deep.equal(['reply 4']);
      // Without numbers: every number of the account, once leases run out.
      await storage.insert(sampleMessage(5, { to: '+61299990009' }));
      const all = await storage.lease(ACCOUNT, { now: now + MINUTE, leaseMs: MINUTE, limit: 10 });
      expect(all.map((m) => m.id)).to.deep.equal([sampleMessage(1).id, sampleMessage(2).id, 'SMz:sent', sampleMessage(5).id]);
    });

    it('with numbers, respects the limit and never hands one message to two concurrent leases', async () => {
      const clinicA = '+61299990001';
      for (let n = 1; n <= 12; n++) await storage.insert(sampleMessage(n, { to: n % 3 === 0 ? '+61299990002' : clinicA }));
      const batches = await Promise.all([1, 2, 3].map(() => storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 3, numbers: [clinicA] })));
      const ids = batches.flat().map((m) => m.id);
      expect(ids).to.have.length(8);
      expect(new Set(ids).size).to.equal(8);
      expect(batches.every((batch) => batch.length <= 3)).to.equal(true);
    });

    it('announces the clinic number with the account: To of a reply, From of a status', async () => {
      const heard: Array<[string | undefined, string | undefined]> = [];
      let wake: () => void = () => undefined;
      const heardTwo = new Promise<void>((resolve) => (wake = resolve));
      const unsubscribe = storage.onStored((account, number) => {
        heard.push([account, number]);
        if (heard.length === 2) wake();
      });
      await storage.insert(sampleMessage(1, { to: '+61299990001' }));
      await storage.insert(sampleMessage(2, { id: 'SMz:sent', kind: 'status', body: '', status: 'sent', from: '+61299990002', to: '+61400000001' }));
      await heardTwo;
      unsubscribe();
      expect(heard).to.deep.equal([
        [ACCOUNT, '+61299990001'],
        [ACCOUNT, '+61299990002'],
      ]);
    });

    it('announces stored messages (not duplicates) to listeners', async () => {
      const heard: Array<string | undefined> = [];
      let wake: () => void = () => undefined;
      const heardOne = new Promise<void>((resolve) => (wake = resolve));
      const unsubscribe = storage.onStored((account) => {
        heard.push(account);
        wake();
      });
      await storage.insert(sampleMessage(1));
      await heardOne;
      unsubscribe();
      await storage.insert(sampleMessage(2));
      expect(heard).to.deep.equal([ACCOUNT]);
    });

    it('keeps pending messages and tombstones across a restart', async () => {
      await storage.insert(sampleMessage(1));
      await storage.insert(sampleMessage(2));
      await storage.ack(ACCOUNT, [sampleMessage(2).id]);
      storage = await subject.reopen();
      const leased = await storage.lease(ACCOUNT, { now: 2_000_000, leaseMs: MINUTE, limit: 10 });
      expect(leased.map((m) => m.id)).to.deep.equal([sampleMessage(1).id]);
      expect(await storage.insert(sampleMessage(2))).to.equal(false);
      await storage.ping();
    });

    describeJoinLockContract(() => storage);
  });
}
