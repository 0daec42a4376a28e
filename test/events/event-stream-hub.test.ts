import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { EventStreamHub } from '../../core/api/routes/event-stream.js';
import { FakeHostControl } from '../../core/api/test-support/fake-host-control.js';
import { startTestApi } from '../../core/api/test-support/api-client.js';
import { HostEvents } from '../../core/runtime/host-events.js';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';

/** A socket-less response whose buffer is full when the test says so. */
class FakeResponse extends EventEmitter {
  written: string[] = [];
  writableNeedDrain = false;
  ended = false;
  write(chunk: string): boolean {
    this.written.push(chunk);
    return !this.writableNeedDrain;
  }
  end(): void {
    this.ended = true;
  }
  /** The JSON data of every change event written. */
  changes(): unknown[] {
    return this.written.filter((c) => c.includes('event: change')).map((c) => JSON.parse(/data: (.*)\n/.exec(c)![1]!));
  }
}

const asResponse = (fake: FakeResponse) => fake as unknown as ServerResponse;

describe('EventStreamHub', () => {
  let events: HostEvents;
  let hub: EventStreamHub;

  beforeEach(() => {
    events = new HostEvents();
    hub = new EventStreamHub(events, { maxClients: 2 });
  });

  afterEach(() => hub.closeAll());

  it('writes ids only, as `event: change` with a growing `id:`', () => {
    const client = new FakeResponse();
    hub.add(asResponse(client));
    events.emit('messages', 'in-1');
    events.emit('status');
    expect(client.changes()).to.deep.equal([{ topic: 'messages', id: 'in-1' }, { topic: 'status' }]);
    expect(client.written.filter((c) => c.startsWith('id: '))).to.deep.equal([
      'id: 1\nevent: change\ndata: {"topic":"messages","id":"in-1"}\n\n',
      'id: 2\nevent: change\ndata: {"topic":"status"}\n\n',
    ]);
  });

  it('drops events for a client whose buffer is full, then sends one refetch per missed topic when it drains', () => {
    const slow = new FakeResponse();
    const quick = new FakeResponse();
    hub.add(asResponse(slow));
    hub.add(asResponse(quick));
    slow.writableNeedDrain = true;
    for (let n = 0; n < 1_000; n++) events.emit('messages', `in-${n}`);
    events.emit('sends', '7');
    expect(slow.changes(), 'nothing queued for the slow client').to.deep.equal([]);
    expect(quick.changes(), 'the quick client is not held up').to.have.length(1_001);

    slow.writableNeedDrain = false;
    slow.emit('drain');
    expect(slow.changes()).to.deep.equal([{ topic: 'messages' }, { topic: 'sends' }]);
  });

  it('refuses clients past the cap and forgets a client when its socket closes', () => {
    const first = new FakeResponse();
    hub.add(asResponse(first));
    hub.add(asResponse(new FakeResponse()));
    expect(hub.full).to.equal(true);
    expect(events.subscriberCount).to.equal(2);
    first.emit('close');
    expect(hub.full).to.equal(false);
    expect(events.subscriberCount).to.equal(1);
  });

  it('writes a comment heartbeat on its interval', async () => {
    const quick = new EventStreamHub(events, { heartbeatMs: 1 });
    const client = new FakeResponse();
    quick.add(asResponse(client));
    await waitFor(() => client.written.includes(': heartbeat\n\n'), { what: 'a heartbeat' });
    quick.closeAll();
  });

  it('ends every stream on closeAll (host stop)', () => {
    const client = new FakeResponse();
    hub.add(asResponse(client));
    hub.closeAll();
    expect(client.ended).to.equal(true);
    expect(events.subscriberCount).to.equal(0);
  });
});

describe('GET /api/events access', () => {
  it('needs the bearer token like every other route', async () => {
    const control = new FakeHostControl();
    control.events = new HostEvents();
    const api = await startTestApi(control, { token: 'secret-token' });
    try {
      const refused = await fetch(`${api.url}/api/events`);
      expect(refused.status).to.equal(401);
      await refused.body?.cancel();
      const abort = new AbortController();
      const allowed = await fetch(`${api.url}/api/events`, { headers: { authorization: 'Bearer secret-token' }, signal: abort.signal });
      expect(allowed.status).to.equal(200);
      abort.abort();
    } finally {
      await api.close();
    }
  });

  it('answers 503 when the stream cap is reached', async () => {
    const control = new FakeHostControl();
    control.events = new HostEvents();
    const api = await startTestApi(control);
    const aborts: AbortController[] = [];
    // Held so the garbage collector cannot finalize an unread body, which closes its stream and frees a slot.
    const open: Response[] = [];
    try {
      for (let n = 0; n < 50; n++) {
        const abort = new AbortController();
        aborts.push(abort);
        const stream = await fetch(`${api.url}/api/events`, { signal: abort.signal });
        open.push(stream);
        expect(stream.status).to.equal(200);
      }
      const refused = await fetch(`${api.url}/api/events`);
      expect(refused.status).to.equal(503);
      await refused.text();
    } finally {
      for (const abort of aborts) abort.abort();
      await api.close();
    }
  });
});
