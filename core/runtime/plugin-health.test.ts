import { expect } from 'chai';
import type { Store } from '../store/store.js';
import { InvalidNumberError, NotFoundError, OptedOutError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import type { PluginHealthState } from './plugin-health-feed.js';
import { PluginHealthTracker } from './plugin-health.js';
import { countedService } from './plugin-health-calls.js';
import { StatusBoard } from './status-board.js';

const WINDOW_MS = 60_000;

describe('PluginHealthTracker (health window on a real SQLite store)', () => {
  let clock: ManualClock;
  let store: Store;
  let tracker: PluginHealthTracker;
  let heard: string[];

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    store = await openSqliteStore(':memory:', { clock });
    tracker = new PluginHealthTracker(clock, store, WINDOW_MS);
    await tracker.restore(['pms', 'sms']);
    heard = [];
    tracker.subscribe((s: PluginHealthState) => heard.push(`${s.role} ${s.status}`));
  });
  afterEach(async () => {
    await tracker.flush();
    await store.close();
  });

  const state = (role: string) => tracker.current().find((s) => s.role === role)!;

  it('lists every running role, ok with nothing counted', () => {
    expect(tracker.current().map((s) => [s.role, s.status, s.calls])).to.deep.equal([
      ['pms', 'ok', 0],
      ['sms', 'ok', 0],
    ]);
  });

  it('a retry makes the role degraded until the window slides past it, then ok on refresh', () => {
    tracker.recordCall('pms', { kind: 'ok' });
    tracker.recordRetry('pms', 'CA_ERR_PMS_SERVER');
    expect(state('pms')).to.include({ status: 'degraded', calls: 1, retried: 1, failed: 0 });
    clock.advance(WINDOW_MS - 1000);
    tracker.refresh();
    expect(state('pms').status).to.equal('degraded');
    clock.advance(2000);
    tracker.refresh();
    expect(state('pms')).to.include({ status: 'ok', calls: 0, retried: 0 });
    expect(state('pms').lastError?.code).to.equal('CA_ERR_PMS_SERVER');
    expect(heard).to.deep.equal(['pms degraded', 'pms ok']);
  });

  it('down when every call failed; refusals alone never make it down; a missing record is a working call', async () => {
    const sms = countedService({ send: (fail: Error) => Promise.reject(fail) }, 'sms', tracker);
    await sms.send(new UnavailableError('down')).catch(() => undefined);
    expect(state('sms')).to.include({ status: 'down', calls: 1, failed: 1 });
    clock.advance(WINDOW_MS + 1000);
    await sms.send(new InvalidNumberError('bad number')).catch(() => undefined);
    await sms.send(new OptedOutError('stop')).catch(() => undefined);
    expect(state('sms')).to.include({ status: 'degraded', calls: 2, failed: 2 });
    clock.advance(WINDOW_MS + 1000);
    await sms.send(new NotFoundError('gone')).catch(() => undefined);
    expect(state('sms')).to.include({ status: 'ok', calls: 1, failed: 0 });
  });

  it('counts only promise-returning methods, runs them on the plugin object (private fields work)', async () => {
    class Source {
      #secret = 'kept';
      read(): Promise<string> {
        return Promise.resolve(this.#secret);
      }
      plain(): string {
        return this.#secret;
      }
    }
    const counted = countedService(new Source(), 'pms', tracker);
    expect(await counted.read()).to.equal('kept');
    expect(counted.plain()).to.equal('kept');
    expect(counted).to.be.instanceOf(Source);
    expect(state('pms').calls).to.equal(1);
  });

  it('is down while the board knows a person must act, and follows the window again after recovery', () => {
    const board = new StatusBoard(() => clock.now());
    board.onPluginDown((role, code) => tracker.setForcedDown(role, code));
    board.markPluginDown('sms', 'CA_ERR_AUTH: Twilio rejected the credentials');
    expect(state('sms')).to.include({ status: 'down' });
    expect(state('sms').lastError?.code).to.equal('CA_ERR_AUTH');
    board.markPluginRecovered('sms');
    tracker.recordCall('sms', { kind: 'ok' });
    expect(state('sms').status).to.equal('ok');
    expect(heard).to.deep.equal(['sms down', 'sms ok']);
  });

  it('keeps the window and the last error in the store and prunes what left the window', async () => {
    tracker.recordCall('sms', { kind: 'failed', code: 'CA_ERR_UNAVAILABLE' });
    tracker.recordCall('sms', { kind: 'ok' });
    await tracker.flush();
    const again = new PluginHealthTracker(clock, store, WINDOW_MS);
    await again.restore(['pms', 'sms']);
    const restored = again.current().find((s) => s.role === 'sms')!;
    expect(restored).to.deep.equal(state('sms'));
    expect(restored).to.include({ status: 'degraded', calls: 2, failed: 1 });

    clock.advance(WINDOW_MS + 1000);
    await tracker.prune();
    expect(await store.listPluginCalls(0)).to.deep.equal([]);
    expect((await store.listPluginHealth()).find((r) => r.role === 'sms')?.lastErrorCode).to.equal('CA_ERR_UNAVAILABLE');
  });
});
