import { expect } from 'chai';
import { OpenVidu } from 'openvidu-node-client';
import { startOpenViduStandIn, type OpenViduStandIn } from './index.js';

/*
 * The stand-in's wire format, checked with plain fetch where openvidu-node-client would hide
 * the detail (409, 401 headers, the pending-connections filter).
 */
describe('OpenVidu stand-in', function () {
  const SECRET = 'MY_SECRET';
  let standIn: OpenViduStandIn;
  const auth = { authorization: `Basic ${Buffer.from(`OPENVIDUAPP:${SECRET}`).toString('base64')}` };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${standIn.url}/openvidu/api${path}`, { ...init, headers: { ...auth, 'content-type': 'application/json', ...init.headers } });

  beforeEach(async function () {
    standIn = await startOpenViduStandIn({ secret: SECRET });
  });
  afterEach(async function () {
    await standIn.close();
  });

  it('answers 401 with a Basic challenge to wrong or missing credentials', async function () {
    const none = await fetch(`${standIn.url}/openvidu/api/sessions`);
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.match(/^Basic /);
    const wrong = await api('/sessions', { headers: { authorization: `Basic ${Buffer.from('OPENVIDUAPP:nope').toString('base64')}` } });
    expect(wrong.status).to.equal(401);
    expect((await api('/sessions')).status).to.equal(200);
  });

  it('creates sessions with a custom id, 409 when taken, 400 when malformed', async function () {
    const created = await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'abc_DEF-1', mediaMode: 'RELAYED' }) });
    expect(created.status).to.equal(200);
    expect(await created.json()).to.deep.include({ id: 'abc_DEF-1', object: 'session', mediaMode: 'RELAYED', recordingMode: 'MANUAL' });
    expect((await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'abc_DEF-1' }) })).status).to.equal(409);
    const malformed = await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'no spaces' }) });
    expect(malformed.status).to.equal(400);
    expect(await malformed.json()).to.include({ status: 400, error: 'Bad Request' });
    const generated = (await (await api('/sessions', { method: 'POST', body: '{}' })).json()) as { id: string };
    expect(generated.id).to.match(/^ses_\w{10}$/);
  });

  it('issues pending connections with wss tokens and lists them only with pendingConnections=true', async function () {
    await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'room1' }) });
    const connection = (await (
      await api('/sessions/room1/connection', { method: 'POST', body: JSON.stringify({ role: 'PUBLISHER', data: '{"role":"patient"}' }) })
    ).json()) as Record<string, unknown>;
    expect(connection).to.include({
      object: 'connection',
      status: 'pending',
      role: 'PUBLISHER',
      serverData: '{"role":"patient"}',
      sessionId: 'room1',
      type: 'WEBRTC',
    });
    expect(connection.id).to.match(/^con_[A-Z]\w{9}$/);
    expect(connection.token).to.match(/^wss:\/\/127\.0\.0\.1:\d+\?sessionId=room1&token=tok_\w{16}$/);

    const hidden = (await (await api('/sessions/room1')).json()) as { connections: { numberOfElements: number } };
    expect(hidden.connections.numberOfElements).to.equal(0);
    const shown = (await (await api('/sessions/room1?pendingConnections=true')).json()) as { connections: { content: Array<{ status: string }> } };
    expect(shown.connections.content.map((c) => c.status)).to.deep.equal(['pending']);
    standIn.activate('room1', connection.id as string);
    const active = (await (await api('/sessions/room1')).json()) as { connections: { content: Array<{ status: string; activeAt: number }> } };
    expect(active.connections.content[0]).to.include({ status: 'active' });

    expect((await api('/sessions/nope/connection', { method: 'POST', body: '{}' })).status).to.equal(404);
    expect((await api('/sessions/room1/connection', { method: 'POST', body: JSON.stringify({ role: 'KING' }) })).status).to.equal(400);
  });

  it('deletes sessions with 204, then answers 404', async function () {
    await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'room2' }) });
    expect((await api('/sessions/room2', { method: 'DELETE' })).status).to.equal(204);
    expect((await api('/sessions/room2', { method: 'DELETE' })).status).to.equal(404);
    expect((await api('/sessions/room2')).status).to.equal(404);
  });

  it('deletes a connection with 204 (then 404), after which its token is refused, as is a used one', async function () {
    await api('/sessions', { method: 'POST', body: JSON.stringify({ customSessionId: 'room3' }) });
    const create = async () =>
      (await (await api('/sessions/room3/connection', { method: 'POST', body: JSON.stringify({ role: 'PUBLISHER', data: '{"role":"guest"}' }) })).json()) as {
        id: string;
        token: string;
      };
    const deleted = await create();
    expect((await api(`/sessions/room3/connection/${deleted.id}`, { method: 'DELETE' })).status).to.equal(204);
    expect((await api(`/sessions/room3/connection/${deleted.id}`, { method: 'DELETE' })).status).to.equal(404);
    expect(() => standIn.joinWithToken(deleted.token)).to.throw(/not valid/);
    const used = await create();
    expect(standIn.joinWithToken(used.token)).to.equal(used.id);
    expect(standIn.session('room3')!.connections.map((c) => c.status)).to.deep.equal(['active']);
    expect(() => standIn.joinWithToken(used.token)).to.throw(/not valid/);
  });

  it('is driven unchanged by openvidu-node-client, including its 409 handling', async function () {
    const client = new OpenVidu(standIn.url, SECRET);
    client.enableProdMode();
    const first = await client.createSession({ customSessionId: 'shared' });
    await first.createConnection({ data: 'x' });
    const again = await client.createSession({ customSessionId: 'shared' });
    expect(again.sessionId).to.equal('shared');
    expect(again.connections.map((c) => c.connectionProperties.data)).to.deep.equal(['x']);
    expect(standIn.requests().map((r) => r.operation)).to.deep.equal(['create-session', 'create-connection', 'create-session', 'fetch-session']);
    await expectRejected(new OpenVidu(standIn.url, 'wrong').fetch(), '401');
  });
});

async function expectRejected(promise: Promise<unknown>, message: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect((error as Error).message).to.equal(message);
    return;
  }
  expect.fail('expected a rejection');
}
