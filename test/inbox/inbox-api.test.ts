import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from '../e2e/simulator-host.js';

const ALEX = '+61412345678';
/** Every way the number could leak into a response. */
const ALEX_FORMS = [ALEX, '412345678', '0412 345 678', '0412345678'];

/** Alex's appointment tomorrow with Dr Lee (clinic time, Melbourne summer). */
const TOMORROW = {
  id: 'appt-alex',
  start: '2026-11-24T10:00:00+11:00',
  end: '2026-11-24T10:15:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

interface ConversationSummary {
  id: string;
  phoneMasked: string;
  patientFirstName?: string;
  appointmentId?: string;
  lastAt: string;
  unread: number;
  reasons: string[];
}
interface Message {
  id: string;
  direction: 'in' | 'out';
  author: string;
  text: string | null;
  label: string;
  template?: string;
  sentBy?: string;
  status?: string;
  state?: string;
  closedBy?: string;
  appointmentId?: string;
}
interface Conversation extends ConversationSummary {
  open: boolean;
  messages: Message[];
  appointments: Array<{ id: string }>;
}

describe('inbox API over HTTP, on the simulators', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;
  /** Every response body this test saw, to check that the number appears in none but reveal-number's. */
  let bodies: string[];
  /** The host's activity log, oldest first, as `{ action, by, detail }`. */
  const activity = async (): Promise<Array<{ action: string; by: string; detail?: Record<string, unknown> }>> => {
    const { items } = await api.get<{ items: Array<{ actor: string; action: string; detail?: Record<string, unknown> }> }>('/api/activity');
    return items.reverse().map((e) => ({ action: e.action, by: e.actor, ...(e.detail ? { detail: e.detail } : {}) }));
  };

  /** Raw call: status and parsed body, whatever the status. */
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(host.apiUrl + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    bodies.push(text);
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  const ok = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await call(method, path, body);
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).to.equal(200);
    return answer.body as T;
  };
  const openList = async () => (await ok<{ items: ConversationSummary[] }>('GET', '/api/inbox')).items;
  const sentTo = async (to: string): Promise<SentText[]> => (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items.filter((m) => m.to === to);
  const patientTexts = async (body: string) => {
    clock.advance(60_000);
    await api.post('/api/simulator/inbox', { from: '0412 345 678', body });
    expect(await host.handleInboxOnce()).to.equal(1);
  };
  /** Alex asks the question nobody expected; returns the conversation id. */
  const askAboutSon = async (): Promise<string> => {
    await patientTexts('Can I bring my son too?');
    const [conversation] = await openList();
    return conversation!.id;
  };

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T10:00:00+11:00');
    host = await startSimulatorHost(folder.dir, clock);
    api = new ApiClient(host.apiUrl);
    bodies = [];
    await api.post('/api/simulator/appointments', TOMORROW);
    await host.runUpcomingCycle();
    expect((await sentTo(ALEX)).map((m) => m.body)).to.have.length(1); // the registration text
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  afterEach(function () {
    // Only reveal-number may answer with the number; its answers are taken out by that test.
    if (this.currentTest?.state !== 'passed') return;
    for (const body of bodies) for (const form of ALEX_FORMS) expect(body, 'a response carries the number').to.not.contain(form);
  });

  it("shows a patient's unexpected question as an open conversation with a masked number", async () => {
    await patientTexts('Can I bring my son too?');
    const items = await openList();
    expect(items).to.have.length(1);
    expect(items[0]).to.deep.include({ phoneMasked: '•••678', patientFirstName: 'Alex', unread: 1, reasons: ['unexpected'] });
    expect(items[0]!.id).to.match(/^[0-9a-f]{32}$/);

    const conversation = await ok<Conversation>('GET', `/api/inbox/${items[0]!.id}`);
    expect(conversation).to.deep.include({ open: true, phoneMasked: '•••678', unread: 1 });
    expect(conversation.messages.map((m) => [m.direction, m.author, m.label])).to.deep.equal([
      ['out', 'host', 'template Registration'],
      ['in', 'patient', 'from the patient'],
      ['out', 'host', 'template Unexpected'],
    ]);
    expect(conversation.messages[1]).to.deep.include({ text: 'Can I bring my son too?', state: 'unprocessed' });
    expect(conversation.messages[0]).to.deep.include({ status: 'sent', appointmentId: 'appt-alex' });
    expect(conversation.appointments.map((a) => a.id)).to.deep.equal(['appt-alex']);
  });

  it('sends a reply through the outbox exactly once however often the same request is repeated', async () => {
    const id = await askAboutSon();
    const before = (await sentTo(ALEX)).length;
    const request = { text: 'Yes, of course. See you tomorrow at 10.', by: 'Robin', requestId: 'reply-0001-abcd' };

    const first = await ok('POST', `/api/inbox/${id}/reply`, request);
    expect(first).to.deep.include({ requestId: 'reply-0001-abcd', repeated: false });
    expect(first.message).to.deep.include({
      direction: 'out',
      author: 'staff',
      sentBy: 'Robin',
      label: 'staff reply by Robin',
      status: 'sent',
      template: 'StaffReply',
    });
    const again = await ok('POST', `/api/inbox/${id}/reply`, request);
    const concurrent = await Promise.all([1, 2, 3].map(() => ok('POST', `/api/inbox/${id}/reply`, request)));
    expect([again, ...concurrent].map((r) => r.repeated)).to.deep.equal([true, true, true, true]);
    expect([again, ...concurrent].map((r) => r.message.id)).to.deep.equal(Array(4).fill(first.message.id));

    const sent = (await sentTo(ALEX)).slice(before);
    expect(sent.map((m) => m.body)).to.deep.equal(['Test Street Medical: Yes, of course. See you tomorrow at 10.']);
    expect((await activity()).filter((a) => a.action === 'reply')).to.deep.equal([
      { action: 'reply', by: 'Robin', detail: { conversationId: id, status: 'sent' } },
    ]);

    const conversation = await ok<Conversation>('GET', `/api/inbox/${id}`);
    expect(conversation.messages.at(-1)).to.deep.include({
      author: 'staff',
      label: 'staff reply by Robin',
      text: 'Test Street Medical: Yes, of course. See you tomorrow at 10.',
    });

    // Another request is another text.
    await ok('POST', `/api/inbox/${id}/reply`, { ...request, requestId: 'reply-0002-abcd' });
    expect((await sentTo(ALEX)).slice(before)).to.have.length(2);
  });

  it('sends the staff text as written, never as a template', async () => {
    const id = await askAboutSon();
    const text = 'Sure {{ Patient.name }} {% if true %}x{% endif %}';
    await ok('POST', `/api/inbox/${id}/reply`, { text, requestId: 'reply-liquid-1' });
    expect((await sentTo(ALEX)).at(-1)?.body).to.equal(`Test Street Medical: ${text}`);
    const conversation = await ok<Conversation>('GET', `/api/inbox/${id}`);
    expect(conversation.messages.at(-1)?.label).to.equal('staff reply by reception');
  });

  it('refuses a reply to a number that opted out, sending nothing', async () => {
    const id = await askAboutSon();
    await patientTexts('STOP');
    const before = (await sentTo(ALEX)).length;
    const refused = await call('POST', `/api/inbox/${id}/reply`, { text: 'Yes, bring him.', requestId: 'reply-stop-0001' });
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('CA_ERR_OPTED_OUT');
    expect(refused.body.error).to.contain('opted out').and.contain('nothing was sent');
    expect(await sentTo(ALEX)).to.have.length(before);
    // Nothing recorded: after START the same request goes out.
    await patientTexts('START');
    await ok('POST', `/api/inbox/${id}/reply`, { text: 'Yes, bring him.', requestId: 'reply-stop-0001' });
    expect(await sentTo(ALEX)).to.have.length(before + 1);
  });

  it('refuses a reply in quiet hours and one too long once signed, sending nothing', async () => {
    const id = await askAboutSon();
    const before = (await sentTo(ALEX)).length;
    const tooLong = await call('POST', `/api/inbox/${id}/reply`, { text: '\u2014'.repeat(300), requestId: 'reply-long-0001' });
    expect(tooLong.status).to.equal(422);
    expect(tooLong.body).to.deep.include({ code: 'CA_ERR_TOO_LONG' });
    expect(tooLong.body.error).to.contain('UCS-2');
    const overLimit = await call('POST', `/api/inbox/${id}/reply`, { text: 'x'.repeat(641), requestId: 'reply-long-0002' });
    expect(overLimit.status).to.equal(400);

    clock.set('2026-11-23T21:30:00+11:00');
    const late = await call('POST', `/api/inbox/${id}/reply`, { text: 'Yes, bring him.', requestId: 'reply-late-0001' });
    expect(late.status).to.equal(409);
    expect(late.body.code).to.equal('CA_ERR_QUIET_HOURS');
    expect(late.body.error).to.contain('08:00');
    expect(await sentTo(ALEX)).to.have.length(before);
  });

  it('marking done closes the conversation (listed under done, with who) until the patient texts again', async () => {
    const id = await askAboutSon();
    expect(await ok('POST', `/api/inbox/${id}/done`, { by: 'Robin' })).to.deep.equal({ ok: true, closed: 1 });
    expect(await openList()).to.deep.equal([]);
    const done = (await ok<{ items: ConversationSummary[] }>('GET', '/api/inbox?state=done')).items;
    expect(done.map((c) => [c.id, c.unread])).to.deep.equal([[id, 0]]);
    const conversation = await ok<Conversation>('GET', `/api/inbox/${id}`);
    expect(conversation.open).to.equal(false);
    expect(conversation.messages.find((m) => m.direction === 'in')).to.deep.include({ state: 'dismissed', closedBy: 'Robin' });
    expect(await activity()).to.deep.include({ action: 'mark-done', by: 'Robin', detail: { conversationId: id } });

    await patientTexts('Also, is parking free?');
    expect((await openList()).map((c) => [c.id, c.unread])).to.deep.equal([[id, 1]]);
  });

  it('links a conversation to a known appointment only', async () => {
    const id = await askAboutSon();
    const unknown = await call('POST', `/api/inbox/${id}/link`, { appointmentId: 'appt-nobody' });
    expect(unknown.status).to.equal(404);
    expect(await ok('POST', `/api/inbox/${id}/link`, { appointmentId: 'appt-alex', by: 'Robin' })).to.deep.equal({ ok: true, linked: 1 });
    expect((await openList())[0]).to.deep.include({ appointmentId: 'appt-alex', patientFirstName: 'Alex' });
    const conversation = await ok<Conversation>('GET', `/api/inbox/${id}`);
    expect(conversation.messages.find((m) => m.direction === 'in')?.appointmentId).to.equal('appt-alex');
  });

  it('answers unknown and malformed conversation ids clearly', async () => {
    expect((await call('GET', `/api/inbox/${'0'.repeat(32)}`)).status).to.equal(404);
    expect((await call('POST', `/api/inbox/${'0'.repeat(32)}/reply`, { text: 'hi', requestId: 'reply-none-0001' })).status).to.equal(404);
    expect((await call('POST', `/api/inbox/${'0'.repeat(32)}/done`)).status, 'done needs no body').to.equal(404);
    const malformed = await call('GET', '/api/inbox/not-an-id');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.code).to.equal('CA_ERR_VALIDATION');
  });

  it('gives the full number only on reveal-number, and records that it was revealed', async () => {
    const id = await askAboutSon();
    const revealed = await ok('POST', `/api/inbox/${id}/reveal-number`, { by: 'Robin' });
    expect(revealed).to.deep.equal({ phone: ALEX });
    bodies.pop(); // the one answer allowed to carry it
    expect((await activity()).filter((a) => a.action === 'reveal-number')).to.deep.equal([
      { action: 'reveal-number', by: 'Robin', detail: { conversationId: id } },
    ]);
  });
});
