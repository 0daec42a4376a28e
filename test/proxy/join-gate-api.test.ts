import { expect } from 'chai';
import Database from 'better-sqlite3';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { openSealedTarget, codeProof } from '../../plugins/proxy-default/client/join-seal.js';
import { ClientFactory } from '../../plugins/proxy-default/client/test-harness.js';
import type { ProxyInbox } from '../../plugins/proxy-default/client/proxy-inbox.js';
import { attempt, makeJoinLock, otherCode } from './join-gate-support.js';
import { bearer, OTHER_ACCOUNT, OTHER_KEY, startTestProxy, type TestProxy } from './support.js';

const TARGET = 'https://video.example.org/room/r-123?token=abc';
const HOUR = 3_600_000;

describe('proxy: join gate (client routes and attempts over HTTP)', function () {
  this.timeout(20_000);
  let proxy: TestProxy;
  let clients: ClientFactory;
  let inbox: ProxyInbox;

  beforeEach(async () => {
    // The per-address attempt rate has a test of its own (below).
    proxy = await startTestProxy({ config: { joinGate: { attemptRate: { perSecond: 1000, burst: 1000 } } } });
    clients = new ClientFactory(() => proxy.url);
    inbox = (await clients.client()).inbox;
  });
  afterEach(async () => {
    await clients.closeAll();
    await proxy.destroy();
  });

  const gate = (client: ProxyInbox = inbox) => client.joinGate!;

  it('publishes a lock and gives the link with the lock id and secret only in the fragment', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    const { url } = await gate().publishJoinLock(lock);
    expect(url).to.equal(`${proxy.url}/verify#${lock.lockId}.${lock.secret}`);
    const right = await attempt(proxy.url, lock, lock.code);
    expect(right.status).to.equal(200);
    expect(right.body.state).to.equal('ok');
    expect(right.headers.get('cache-control')).to.equal('no-store');
    expect(openSealedTarget(lock.secret, right.body.sealed as string)).to.equal(TARGET);
    // A right code gives its try back: the link can be opened again (a dropped call, a rejoin).
    expect((await attempt(proxy.url, lock, lock.code)).body.state).to.equal('ok');
  });

  it('locks after three wrong codes, refuses the right one then, and a republish with a new code unlocks', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    const wrong = otherCode(lock.code);
    expect((await attempt(proxy.url, lock, wrong)).body).to.deep.equal({ state: 'wrong', attemptsLeft: 2 });
    expect((await attempt(proxy.url, lock, wrong)).body).to.deep.equal({ state: 'wrong', attemptsLeft: 1 });
    expect((await attempt(proxy.url, lock, wrong)).body).to.deep.equal({ state: 'locked' });
    expect((await attempt(proxy.url, lock, lock.code)).body).to.deep.equal({ state: 'locked' });
    const renewed = { ...lock, code: otherCode(wrong) };
    await gate().publishJoinLock(renewed);
    expect((await attempt(proxy.url, lock, lock.code)).body).to.deep.equal({ state: 'wrong', attemptsLeft: 2 });
    expect((await attempt(proxy.url, lock, renewed.code)).body.state).to.equal('ok');
  });

  it('counts parallel wrong codes each, so a burst of guesses gets three tries in all', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    const guesses = Array.from({ length: 12 }, (_, n) => String(n).padStart(6, '7')).filter((code) => code !== lock.code);
    const answers = await Promise.all(guesses.map((code) => attempt(proxy.url, lock, code)));
    const states = answers.map((a) => a.body.state);
    expect(states.filter((s) => s === 'wrong')).to.have.length(2);
    expect(states.filter((s) => s === 'locked')).to.have.length(guesses.length - 2);
    expect((await attempt(proxy.url, lock, lock.code)).body.state).to.equal('locked');
  });

  it('says code-expired after codeExpiresAt, and expired (404) after expiresAt, as for an unknown lock', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    proxy.clock.set(Date.parse(lock.codeExpiresAt));
    expect(await attempt(proxy.url, lock, lock.code)).to.deep.include({ status: 200, body: { state: 'code-expired' } });
    proxy.clock.set(Date.parse(lock.expiresAt));
    const expired = await attempt(proxy.url, lock, lock.code);
    const unknown = await attempt(proxy.url, makeJoinLock(proxy, TARGET), '123456');
    expect(expired).to.deep.include({ status: 404, body: { state: 'expired' } });
    expect(unknown).to.deep.include({ status: 404, body: { state: 'expired' } });
  });

  it('keeps a lock at most a day, whatever expiresAt the client asks for', async () => {
    const now = proxy.clock.now();
    const lock = makeJoinLock(proxy, TARGET, { codeExpiresAt: new Date(now + 48 * HOUR).toISOString(), expiresAt: new Date(now + 48 * HOUR).toISOString() });
    await gate().publishJoinLock(lock);
    proxy.clock.set(now + 24 * HOUR - 1000);
    expect((await attempt(proxy.url, lock, lock.code)).body.state).to.equal('ok');
    proxy.clock.set(now + 24 * HOUR);
    expect((await attempt(proxy.url, lock, lock.code)).status).to.equal(404);
  });

  it('withdraws a lock; another client can neither replace nor withdraw it', async () => {
    const other = (await clients.client({ accountSid: OTHER_ACCOUNT, clientKey: OTHER_KEY })).inbox;
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    await expectRejection(() => gate(other).publishJoinLock({ ...lock, target: 'https://evil.example.org/' }), {
      code: 'CA_ERR_PROXY_JOIN_LOCK',
      kind: 'permanent',
    });
    await gate(other).withdrawJoinLock(lock.lockId);
    const still = await attempt(proxy.url, lock, lock.code);
    expect(openSealedTarget(lock.secret, still.body.sealed as string)).to.equal(TARGET);
    await gate().withdrawJoinLock(lock.lockId);
    expect((await attempt(proxy.url, lock, lock.code)).status).to.equal(404);
    await gate().withdrawJoinLock(lock.lockId);
  });

  it('refuses unauthenticated and malformed publishes', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    const body = JSON.stringify({
      sealed: 'A'.repeat(60),
      proof: codeProof(lock.secret, lock.code),
      codeExpiresAt: lock.codeExpiresAt,
      expiresAt: lock.expiresAt,
    });
    const put = (path: string, headers: Record<string, string>, payload = body) =>
      fetch(`${proxy.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: payload });
    expect((await put(`/v1/join-locks/${lock.lockId}`, {})).status).to.equal(401);
    expect((await put('/v1/join-locks/short', bearer())).status).to.equal(400);
    expect((await put(`/v1/join-locks/${lock.lockId}`, bearer(), body.replace(lock.expiresAt, 'tomorrow'))).status).to.equal(400);
    expect(
      (
        await put(
          `/v1/join-locks/${lock.lockId}`,
          bearer(),
          JSON.stringify({ sealed: 'A'.repeat(8193), proof: 'p'.repeat(43), codeExpiresAt: lock.codeExpiresAt, expiresAt: lock.expiresAt }),
        )
      ).status,
    ).to.equal(400);
    expect((await put(`/v1/join-locks/${lock.lockId}`, bearer())).status).to.equal(204);
    expect((await fetch(`${proxy.url}/v1/join-locks/${lock.lockId}`, { method: 'DELETE' })).status).to.equal(401);
    await expectRejection(() => gate().publishJoinLock({ ...lock, target: 'javascript:alert(1)' }), { code: 'CA_ERR_PROXY_JOIN_LOCK', kind: 'permanent' });
  });

  it('refuses malformed and oversized attempts without touching any lock', async () => {
    const post = (body: string) => fetch(`${proxy.url}/verify/attempt`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post(JSON.stringify({ lockId: 'x', proof: 'y' }))).status).to.equal(400);
    expect((await post(JSON.stringify({ lockId: 'a'.repeat(22), proof: 'p'.repeat(43), extra: 'x'.repeat(2000) }))).status).to.equal(413);
  });

  it('stores neither the code, the secret nor the target in clear, and the sweep deletes expired locks', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    const readRows = () => {
      const db = new Database(proxy.config.storage.path, { readonly: true });
      try {
        return db.prepare('SELECT * FROM join_locks').all() as Array<Record<string, unknown>>;
      } finally {
        db.close();
      }
    };
    const [row, ...more] = readRows();
    expect(more).to.have.length(0);
    const text = JSON.stringify(row);
    for (const secret of [lock.code, lock.secret, TARGET, 'video.example.org', 'r-123']) expect(text).to.not.include(secret);
    expect(Buffer.from(row!.sealed as string, 'base64url').toString('latin1')).to.not.include('video.example.org');
    expect(row!.proof).to.equal(codeProof(lock.secret, lock.code));
    proxy.clock.set(Date.parse(lock.expiresAt));
    await proxy.proxy.sweepNow();
    expect(readRows()).to.have.length(0);
  });

  it('logs none of the code, proof, secret or lock id (debug included)', async () => {
    const lock = makeJoinLock(proxy, TARGET);
    await gate().publishJoinLock(lock);
    await attempt(proxy.url, lock, otherCode(lock.code));
    await attempt(proxy.url, lock, lock.code);
    await gate().withdrawJoinLock(lock.lockId);
    await attempt(proxy.url, lock, lock.code);
    const logs = proxy.logs.join('\n');
    expect(logs).to.include('join code attempt');
    for (const secret of [lock.code, codeProof(lock.secret, lock.code), lock.secret, lock.lockId, TARGET]) expect(logs).to.not.include(secret);
  });

  it('legacy clients have no join gate; an unreachable proxy is NotReady', async () => {
    const legacy = (await clients.client({ protocol: 'legacy', clientKey: undefined })).inbox;
    expect(legacy.joinGate).to.equal(undefined);
    const lock = makeJoinLock(proxy, TARGET);
    await proxy.stop();
    await expectRejection(() => gate().publishJoinLock(lock), { kind: 'not-ready' });
  });
});

describe('proxy: join gate turned off', function () {
  this.timeout(20_000);

  it('has no join routes, and the client says which setting to check', async () => {
    const proxy = await startTestProxy({ config: { joinGate: { enabled: false } } });
    const clients = new ClientFactory(() => proxy.url);
    try {
      const inbox = (await clients.client()).inbox;
      const lock = makeJoinLock(proxy, TARGET);
      await expectRejection(() => inbox.joinGate!.publishJoinLock(lock), { kind: 'config' });
      expect((await fetch(`${proxy.url}/verify`)).status).to.equal(404);
      expect((await attempt(proxy.url, lock, lock.code)).status).to.equal(404);
    } finally {
      await clients.closeAll();
      await proxy.destroy();
    }
  });
});

describe('proxy: join gate attempt rate per address', function () {
  this.timeout(20_000);

  it('answers 429 with Retry-After past the per-address rate, counting each address apart', async () => {
    const proxy = await startTestProxy({ config: { trustProxy: true, joinGate: { attemptRate: { perSecond: 10 / 900, burst: 10 } } } });
    try {
      const lock = makeJoinLock(proxy, TARGET);
      const from = (address: string) => ({ 'x-forwarded-for': address });
      for (let n = 0; n < 10; n++) expect((await attempt(proxy.url, lock, '000000', from('203.0.113.7'))).status).to.equal(404);
      const limited = await attempt(proxy.url, lock, '000000', from('203.0.113.7'));
      expect(limited.status).to.equal(429);
      expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 90);
      expect((await attempt(proxy.url, lock, '000000', from('203.0.113.8'))).status).to.equal(404);
      proxy.clock.advance(90_000);
      expect((await attempt(proxy.url, lock, '000000', from('203.0.113.7'))).status).to.equal(404);
    } finally {
      await proxy.destroy();
    }
  });
});
