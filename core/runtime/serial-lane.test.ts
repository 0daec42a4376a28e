import { expect } from 'chai';
import { KeyedLane, SerialLane } from './serial-lane.js';

/** A promise the test settles by hand, so ordering is controlled without timers. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('SerialLane', () => {
  it('runs tasks one at a time, in submission order', async () => {
    const lane = new SerialLane();
    const events: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const results = gates.map((gate, i) =>
      lane.run(async () => {
        events.push(`start ${i}`);
        await gate.promise;
        events.push(`end ${i}`);
        return i;
      }),
    );
    // Release in reverse: order must still follow submission.
    gates[2]!.resolve();
    gates[1]!.resolve();
    await Promise.resolve();
    expect(events).to.deep.equal(['start 0']);
    gates[0]!.resolve();
    expect(await Promise.all(results)).to.deep.equal([0, 1, 2]);
    expect(events).to.deep.equal(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('rejects only the failing task; the next one still runs', async () => {
    const lane = new SerialLane();
    const failing = lane.run(async () => {
      throw new Error('boom');
    });
    const throwingSync = lane.run(() => {
      throw new Error('sync boom');
    });
    const next = lane.run(async () => 'ok');
    const [a, b, c] = await Promise.allSettled([failing, throwingSync, next]);
    expect(a).to.have.nested.property('reason.message', 'boom');
    expect(b).to.have.nested.property('reason.message', 'sync boom');
    expect(c).to.deep.equal({ status: 'fulfilled', value: 'ok' });
    expect(lane.size).to.equal(0);
  });

  it('reports its size and when it is idle', async () => {
    const lane = new SerialLane();
    const gate = deferred();
    void lane.run(() => gate.promise);
    void lane.run(async () => undefined);
    expect(lane.size).to.equal(2);
    let idle = false;
    const whenIdle = lane.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).to.equal(false);
    gate.resolve();
    await whenIdle;
    expect(lane.size).to.equal(0);
  });
});

describe('KeyedLane', () => {
  it('serialises tasks per key and lets different keys run side by side', async () => {
    const lanes = new KeyedLane();
    const events: string[] = [];
    const gateA = deferred();
    const a1 = lanes.run('appt-1', async () => {
      events.push('a1 start');
      await gateA.promise;
      events.push('a1 end');
    });
    const a2 = lanes.run('appt-1', async () => void events.push('a2'));
    const b1 = lanes.run('appt-2', async () => void events.push('b1'));
    await b1;
    expect(events).to.deep.equal(['a1 start', 'b1']);
    gateA.resolve();
    await Promise.all([a1, a2]);
    expect(events).to.deep.equal(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('forgets a key once its tasks have settled, even after a failure', async () => {
    const lanes = new KeyedLane<number>();
    await lanes.run(1, async () => 'x');
    await lanes.run(2, async () => Promise.reject(new Error('no'))).catch(() => undefined);
    await lanes.idle();
    expect(lanes.activeKeys).to.equal(0);
    expect(await lanes.run(2, async () => 'again')).to.equal('again');
  });
});
