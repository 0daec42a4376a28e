import { expect } from 'chai';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { startTwilioProxyRig, type TwilioProxyRig } from './twilio-proxy-harness.js';

const SAM = '+61423456789';
const SAM_APPOINTMENT = {
  id: 'appt-sam',
  start: '2026-11-23T10:30:00+11:00',
  end: '2026-11-23T10:45:00+11:00',
  patient: { id: 'pat-sam', name: 'Sam Jones', firstName: 'Sam', mobile: '0423 456 789' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

interface TodayRow {
  appointment: { id: string };
  stateText: string;
  attention?: string;
  lastText?: { template: string; status: string; deliveryStatus?: string; deliveryErrorCode?: string };
}
interface SentRow {
  id: number;
  providerId?: string;
  deliveryStatus?: string;
  deliveryErrorCode?: string;
}
interface ConversationMessage {
  id: string;
  direction: string;
  template?: string;
  deliveryStatus?: string;
  deliveryErrorCode?: string;
}

describe('delivery status end to end: Twilio status callback → reply proxy → host store, Today and inbox', function () {
  this.timeout(20_000);
  let rig: TwilioProxyRig;

  afterEach(async () => {
    await rig?.close();
  });

  const today = async (id: string) => (await rig.api.get<{ items: TodayRow[] }>('/api/appointments/today')).items.find((a) => a.appointment.id === id);
  const sent = async () => (await rig.api.get<{ items: SentRow[] }>('/api/messages/sent')).items;
  const sentWithSid = async (sid: string) => (await sent()).find((e) => e.providerId === sid);
  /** Waits until the host has acknowledged `count` items to the proxy (it acknowledges a status only once stored). */
  const acknowledged = (count: number) =>
    waitFor(
      async () => {
        type Status = { plugins: Array<{ role: string; health: { data?: Record<string, unknown> } }> };
        const inbox = (await rig.api.get<Status>('/api/status')).plugins.find((p) => p.role === 'inbox');
        return inbox?.health.data?.acksSent === count ? true : undefined;
      },
      { what: `${count} acknowledgements` },
    );

  for (const transport of ['stream', 'poll'] as const) {
    it(`flags a text Twilio reports undelivered (30003) in Today and in the inbox; repeats and late earlier statuses change nothing (${transport})`, async () => {
      const clock = new ManualClock('2026-11-23T08:00:00+11:00');
      rig = await startTwilioProxyRig({ clock, statusCallback: true, inbox: { transport, pollWaitSeconds: 5 } });
      await rig.api.post('/api/simulator/appointments', SAM_APPOINTMENT);
      await rig.host.runTodayCycle();
      const screening = await waitFor(() => rig.twilio.sent().find((m) => m.to === SAM), { what: 'the screening text' });
      expect(screening.statusCallback).to.match(/\/twilio\/status$/);
      const via = rig.proxy.url;

      // Twilio: sent, then the carrier could not reach the handset.
      expect(await rig.twilio.deliveryReport(screening.sid, 'sent', { via })).to.equal(204);
      expect(await rig.twilio.deliveryReport(screening.sid, 'undelivered', { errorCode: 30003, via })).to.equal(204);

      const row = await waitFor(
        async () => {
          const r = await today('appt-sam');
          return r?.attention === 'undelivered' ? r : undefined;
        },
        { what: 'Today flags the text undelivered' },
      );
      expect(row.lastText).to.include({ template: 'ConsiderTeleHealth', status: 'sent', deliveryStatus: 'undelivered', deliveryErrorCode: '30003' });
      expect(row.stateText).to.equal('text not delivered: the phone did not receive it');
      expect(await sentWithSid(screening.sid)).to.include({ deliveryStatus: 'undelivered', deliveryErrorCode: '30003' });
      await acknowledged(2);

      // Sam writes something the workflow leaves for a person: the conversation shows both texts' statuses.
      await rig.text(SAM, 'Can I bring my son too?');
      const answer = await waitFor(() => rig.twilio.sent().filter((m) => m.to === SAM)[1], { what: 'the answer to Sam' });
      expect(await rig.twilio.deliveryReport(answer.sid, 'delivered', { via })).to.equal(204);
      // Out of order and repeated: a late `sent` after `delivered`, and the undelivered report once more.
      expect(await rig.twilio.deliveryReport(answer.sid, 'sent', { via })).to.equal(204);
      expect(await rig.twilio.deliveryReport(screening.sid, 'undelivered', { errorCode: 30003, via })).to.equal(204);
      expect(await rig.twilio.deliveryReport(screening.sid, 'queued', { via })).to.equal(204);
      // The reply, its status `delivered`, the late `sent` and the late `queued` (the repeated
      // `undelivered` the proxy stores once): all stored by the host before it acknowledged them.
      await acknowledged(6);

      expect(await sentWithSid(answer.sid)).to.include({ deliveryStatus: 'delivered' });
      expect(await sentWithSid(screening.sid)).to.include({ deliveryStatus: 'undelivered', deliveryErrorCode: '30003' });
      const { items: conversations } = await rig.api.get<{ items: Array<{ id: string }> }>('/api/inbox');
      expect(conversations).to.have.length(1);
      const conversation = await rig.api.get<{ messages: ConversationMessage[] }>(`/api/inbox/${conversations[0]!.id}`);
      const outgoing = conversation.messages.filter((m) => m.direction === 'out');
      expect(outgoing.map((m) => [m.template, m.deliveryStatus, m.deliveryErrorCode])).to.deep.equal([
        ['ConsiderTeleHealth', 'undelivered', '30003'],
        [outgoing[1]!.template, 'delivered', undefined],
      ]);
      // Today shows the appointment's latest text: the answer got through, so the row is no longer flagged.
      const after = await today('appt-sam');
      expect(after?.lastText?.deliveryStatus).to.equal('delivered');
      expect(after?.attention).to.equal(undefined);
    });
  }

  it('a status that reaches the proxy while the host is down is stored once the host is back', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00+11:00');
    rig = await startTwilioProxyRig({ clock, statusCallback: true, inbox: { transport: 'poll', pollWaitSeconds: 1 } });
    await rig.api.post('/api/simulator/appointments', SAM_APPOINTMENT);
    await rig.host.runTodayCycle();
    const screening = await waitFor(() => rig.twilio.sent().find((m) => m.to === SAM), { what: 'the screening text' });

    await rig.stopHost();
    expect(await rig.twilio.deliveryReport(screening.sid, 'delivered', { via: rig.proxy.url })).to.equal(204);
    await rig.startHost();
    expect(await waitFor(async () => (await sentWithSid(screening.sid))?.deliveryStatus, { what: 'delivered after a restart' })).to.equal('delivered');
    await acknowledged(1);
  });
});
