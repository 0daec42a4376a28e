import { expect } from 'chai';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { bearer } from '../proxy/support.js';
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

describe('end to end over real HTTP: Twilio stand-in → reply proxy → host → sms-twilio → Twilio stand-in', function () {
  this.timeout(20_000);
  let clock: ManualClock;
  let rig: TwilioProxyRig;

  /** Texts the stand-in recorded as sent to `to`, oldest first. */
  const sentTo = (to: string) =>
    rig.twilio
      .sent()
      .filter((m) => m.to === to)
      .map((m) => m.body);
  /** Waits until the stand-in has recorded text number `count` to `to`, and returns it. */
  const nthTextTo = (to: string, count: number) => waitFor(() => sentTo(to)[count - 1], { what: `text ${count} to ${to}` });
  const statusOf = async (id: string) => {
    const { items } = await rig.api.get<{ items: Array<{ id: string; status: string }> }>('/api/simulator/appointments');
    return items.find((a) => a.id === id)?.status;
  };

  afterEach(async () => {
    await rig?.close();
  });

  for (const transport of ['stream', 'poll'] as const) {
    it(`screening NO → come in → "arrived" → ArrivedThanks and arrived in the PMS (${transport})`, async () => {
      clock = new ManualClock('2026-11-23T08:00:00+11:00');
      rig = await startTwilioProxyRig({ clock, inbox: { transport, pollWaitSeconds: 5 } });
      await rig.api.post('/api/simulator/appointments', SAM_APPOINTMENT);
      await rig.host.runTodayCycle();
      expect(await nthTextTo(SAM, 1)).to.contain('reply YES for a video consult');

      // The inbox's health on the status page, once it shows `acks` acknowledgements sent.
      type Status = { plugins: Array<{ role: string; id: string; health: { status: string; data?: Record<string, unknown> } }> };
      const inboxOnceAcked = (acks: number) =>
        waitFor(
          async () => {
            const found = (await rig.api.get<Status>('/api/status')).plugins.find((p) => p.role === 'inbox');
            return found?.health.data?.acksSent === acks ? found : undefined;
          },
          { what: `${acks} ack(s) sent` },
        );

      await rig.text(SAM, 'no');
      expect(await nthTextTo(SAM, 2)).to.contain('Please come in for your 10:30 am appointment');
      // The host acknowledges after handling. Let that land before the clock jumps past the
      // lease, or the proxy would (rightly) hand the "no" out again and the counts below differ.
      await inboxOnceAcked(1);

      clock.set('2026-11-23T10:20:00+11:00');
      await rig.text(SAM, 'arrived');
      expect(await nthTextTo(SAM, 3)).to.equal('Thanks, Sam. We will text you when Dr Lee is ready for you.');
      expect(await statusOf('appt-sam')).to.equal('arrived');
      // Every reply went out from the clinic's number through the REST API, once.
      expect(rig.twilio.sent().map((m) => m.from)).to.deep.equal(Array(3).fill('+61480000000'));

      // The status page shows the inbox connected, with both replies received and acknowledged…
      const inbox = await inboxOnceAcked(2);
      expect(inbox.id).to.equal('proxy-default');
      expect(inbox.health.status).to.equal('ok');
      expect(inbox.health.data).to.include({ state: 'connected', transport, messagesReceived: 2, acksPending: 0 });
      // …so the proxy holds nothing for the account any more, even after the lease.
      clock.advance(31_000);
      const left = (await (await fetch(`${rig.proxy.url}/v1/inbox`, { headers: bearer() })).json()) as { messages: unknown[] };
      expect(left.messages).to.deep.equal([]);
    });
  }

  it('a reply that reaches the proxy while the host is down is handled once the host is back', async () => {
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    rig = await startTwilioProxyRig({ clock, video: false });
    await rig.api.post('/api/simulator/appointments', SAM_APPOINTMENT);
    await rig.host.runTodayCycle();
    // Without video the screening text is CantConsiderTeleHealth: come in, reply ARRIVED.
    expect(await nthTextTo(SAM, 1)).to.contain('please reply ARRIVED when you are in the car park');

    await rig.stopHost();
    clock.set('2026-11-23T10:20:00+11:00');
    await rig.text(SAM, 'Arrived');
    await rig.startHost();
    expect(await nthTextTo(SAM, 2)).to.equal('Thanks, Sam. We will text you when Dr Lee is ready for you.');
    expect(await waitFor(async () => ((await statusOf('appt-sam')) === 'arrived' ? true : undefined), { what: 'arrived' })).to.equal(true);
    expect(sentTo(SAM)).to.have.length(2);
  });
});
