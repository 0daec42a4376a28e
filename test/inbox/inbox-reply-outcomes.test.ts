import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from '../e2e/simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX = '+61412345678';
const TOMORROW = {
  id: 'appt-alex',
  start: '2026-11-24T10:00:00+11:00',
  end: '2026-11-24T10:15:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

describe('inbox replies whose send does not simply succeed', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;
  let conversationId: string;

  const start = async () => {
    host = await startSimulatorHost(folder.dir, clock);
    api = new ApiClient(host.apiUrl);
  };
  const replies = async (): Promise<SentText[]> =>
    (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items.filter((m) => m.to === ALEX && m.body.includes('bring him'));
  const reply = (requestId: string) => api.post(`/api/inbox/${conversationId}/reply`, { text: 'Yes, bring him.', requestId, by: 'Robin' });

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T10:00:00+11:00');
    await start();
    await api.post('/api/simulator/appointments', TOMORROW);
    await host.runUpcomingCycle();
    await api.post('/api/simulator/inbox', { from: ALEX, body: 'Can I bring my son too?' });
    await host.handleInboxOnce();
    conversationId = (await api.get('/api/inbox')).items[0].id;
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('a transient failure is answered `retry`; a repeat before the backoff waits, one after it sends once', async () => {
    simulatorsOf(host).sms.failNext('unavailable');
    expect((await reply('reply-retry-01')).message).to.include({ status: 'retry', sentBy: 'Robin' });
    expect(await replies()).to.have.length(0);
    expect((await reply('reply-retry-01')).message.status).to.equal('retry');
    expect(await replies()).to.have.length(0);
    clock.advance(60_000);
    const sent = await reply('reply-retry-01');
    expect(sent).to.deep.include({ repeated: true });
    expect(sent.message.status).to.equal('sent');
    await reply('reply-retry-01');
    expect(await replies()).to.have.length(1);
  });

  it('a permanent failure stays failed: a repeat does not try again', async () => {
    simulatorsOf(host).sms.failNext('invalid-number');
    const failed = await reply('reply-fail-01');
    expect(failed.message.status).to.equal('failed');
    expect(failed.message.error).to.contain('CA_ERR_INVALID_NUMBER');
    expect((await reply('reply-fail-01')).message.status).to.equal('failed');
    expect(await replies()).to.have.length(0);
  });

  it('a reply cut off mid-send by a crash is reported unknown after the restart, its author kept, and never sent again', async () => {
    const store = host.container.resolve<Store>(TOKENS.Store);
    // What the host leaves behind when it dies after recording the intent, before the provider answers.
    await store.recordStaffReply({ key: 'staff-reply:reply-crash-01', phone: ALEX, by: 'Robin' }, clock.now());
    await store.beginSend({ key: 'staff-reply:reply-crash-01', to: ALEX, template: 'StaffReply', body: 'Test Street Medical: Yes, bring him.' }, clock.now());
    await host.stop();
    await start();

    const repeated = await reply('reply-crash-01');
    expect(repeated).to.deep.include({ repeated: true });
    expect(repeated.message).to.include({ status: 'unknown', sentBy: 'Robin', label: 'staff reply by Robin' });
    expect(await replies()).to.have.length(0);
  });

  it('refuses a request id already used for another conversation', async () => {
    await reply('reply-shared-01');
    await api.post('/api/simulator/inbox', { from: '0423 456 789', body: 'Hello?' });
    await host.handleInboxOnce();
    const other = (await api.get('/api/inbox')).items.find((c: { id: string }) => c.id !== conversationId).id;
    const response = await fetch(`${host.apiUrl}/api/inbox/${other}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Yes, bring him.', requestId: 'reply-shared-01' }),
    });
    expect(response.status).to.equal(409);
    expect(((await response.json()) as { code: string }).code).to.equal('CA_ERR_CONFLICT');
    expect(await replies()).to.have.length(1);
  });
});
