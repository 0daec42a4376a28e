import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import type { VideoProvider } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import type { TwilioStandIn } from '../stand-ins/twilio/index.js';
import { tmpFolder } from './simulator-host.js';
import { CLINIC_NUMBER, jitsiBackend, openViduBackend, startTwilio, videoConsultConfig, type VideoBackend } from './video-consult-setup.js';
import { simulatorsOf } from '../simulator-services.js';

/*
 * Issue 5, end to end: PMS simulator, Twilio (through its stand-in) for texts and replies,
 * and each video plugin on its stand-in. The config differs only in its `video` section.
 * Replies travel the real way: into Twilio's Messages list, polled by inbox-twilio-api.
 */

const APPOINTMENT_ID = 'appt-4471-qz';
const PATIENT = { id: 'pat-8812-kw', name: 'Marigold Featherstonehaugh', firstName: 'Marigold', mobile: '0412 345 678' };
const MOBILE = '+61412345678';
/** Today 10:00–10:15 in Melbourne (summer time). */
const CONSULT: Appointment = {
  id: APPOINTMENT_ID,
  start: '2026-11-23T10:00:00+11:00',
  end: '2026-11-23T10:15:00+11:00',
  status: 'booked',
  patient: PATIENT,
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  isVideo: false,
};

const VIDEO_CHOICES: Array<{ name: string; start: (clock: ManualClock) => Promise<VideoBackend> }> = [
  { name: 'video-openvidu', start: openViduBackend },
  { name: 'video-jitsi', start: jitsiBackend },
];

for (const choice of VIDEO_CHOICES) {
  describe(`video consult end to end with ${choice.name} (Twilio stand-in, PMS simulator)`, function () {
    // Replies arrive through the inbox's real polling (every 5 s at the fastest).
    this.timeout(45_000);
    let folder: ReturnType<typeof tmpFolder>;
    let clock: ManualClock;
    let twilio: TwilioStandIn;
    let video: VideoBackend;
    let host: RunningHost | undefined;

    beforeEach(async () => {
      folder = tmpFolder();
      clock = new ManualClock('2026-11-23T08:30:00+11:00');
      twilio = await startTwilio(clock);
      video = await choice.start(clock);
    });

    afterEach(async () => {
      await host?.stop();
      host = undefined;
      await video.close();
      await twilio.close();
      folder.remove();
    });

    /** The host on the one config, with the helpers the scenarios share. */
    async function startConsultHost() {
      const config = await videoConsultConfig(folder.dir, twilio.url, video.section);
      expect(config.plugins.video?.descriptor.manifest.id).to.equal(choice.name);
      // Loops on: the inbox pump polls Twilio; the appointment passes are also run by hand.
      host = await startHost(config, { clock, logger: createSilentLogger(), apiPort: 0, startLoops: true, printBanner: false });
      const running = host;
      const store = running.container.resolve<Store>(TOKENS.Store);
      const pms = simulatorsOf(running).pms;
      await pms.upsert(CONSULT);
      return {
        running,
        store,
        pms,
        provider: running.container.resolve<VideoProvider>(TOKENS.VideoProvider),
        texts: () =>
          twilio
            .sent()
            .filter((m) => m.to === MOBILE)
            .map((m) => m.body),
        progress: async (): Promise<AppointmentProgress> => (await store.loadProgress([APPOINTMENT_ID])).get(APPOINTMENT_ID)!,
        inPms: async (): Promise<Appointment> => (await pms.listAll()).find((a) => a.id === APPOINTMENT_ID)!,
        /** A reply into Twilio's Messages list; resolves once the host has handled it. */
        patientTexts: async (body: string): Promise<void> => {
          const { sid } = twilio.inbound({ from: MOBILE, to: CLINIC_NUMBER, body });
          await waitFor(async () => (await store.getIncoming(sid))?.state === 'handled', { timeoutMs: 15_000, what: `"${body}" handled` });
        },
      };
    }

    /** Screening, then the patient's YES through Twilio. */
    async function screenedForVideo(h: Awaited<ReturnType<typeof startConsultHost>>): Promise<void> {
      await h.running.runTodayCycle();
      expect(h.texts()).to.have.length(1);
      expect(h.texts()[0]).to.contain('reply YES for a video consult');
      await h.patientTexts('YES');
      expect(h.texts()[1]).to.match(/^Thanks\. Your appointment with Dr Lee will be a video consult/);
    }

    it('YES → invitation with a working patient link, practitioner link in the PMS, arrival, room closed after the consult', async () => {
      const h = await startConsultHost();
      const { running, store, pms, provider, texts, progress, inPms, patientTexts } = h;
      await screenedForVideo(h);

      // The PMS holds the practitioner link of the room made for the consult.
      const { room } = await progress();
      expect(room, 'a room').to.not.equal(undefined);
      expect(await inPms()).to.deep.include({ isVideo: true, videoLink: room!.practitionerLink });
      video.expectWorkingLink(room!.practitionerLink, room!, 'practitioner');

      // Ten minutes before: the invitation carries the patient link, which works.
      clock.set('2026-11-23T09:51:00+11:00');
      await running.runTodayCycle();
      expect(texts()).to.have.length(3);
      const invite = texts()[2]!;
      expect(invite).to.contain('Your video consult with Dr Lee is ready to join');
      const link = invite.match(/https:\/\/\S+/)?.[0];
      expect(link).to.equal(room!.patientLink);
      expect((await progress()).room, 'the same room').to.deep.equal(room);
      video.expectWorkingLink(link!, room!, 'patient');

      // Arrival: by join detection when the provider offers it, else by the patient's "joined".
      video.patientOpens(link!);
      clock.set('2026-11-23T09:55:00+11:00');
      if (provider.capabilities.joinDetection) {
        await running.runTodayCycle();
        expect(await progress()).to.include({ arrivedBy: 'video-join' });
        expect(
          twilio.messages().filter((m) => m.direction === 'inbound'),
          'no text from the patient needed',
        ).to.have.length(1);
        expect(texts()).to.have.length(3);
      } else {
        await patientTexts('JOINED');
        expect(texts().at(-1)).to.equal('Thanks. Dr Lee will be with you soon. Please keep the video open.');
        expect(await progress()).to.include({ arrivedBy: 'text' });
      }
      expect((await inPms()).status).to.equal('arrived');

      // The doctor is ready (reception moves the visit on in the PMS). The patient has used the
      // invite's link, so this text carries one that still works: a fresh token for OpenVidu
      // (its tokens work once), the same reusable link for Jitsi.
      clock.set('2026-11-23T10:01:00+11:00');
      await pms.upsert({ ...(await inPms()), status: 'fulfilled' });
      await running.runTodayCycle();
      const ready = texts().at(-1)!;
      expect(ready).to.contain('Dr Lee is ready for you now');
      const readyLink = ready.match(/https:\/\/\S+/)?.[0];
      video.expectWorkingLink(readyLink!, room!, 'patient');

      // The room stays open until the end plus closeRoomsAfterMinutes (default 60), then closes.
      clock.set('2026-11-23T11:14:00+11:00');
      await running.runTodayCycle();
      expect(await video.roomOpen(room!, store), 'open at 11:14').to.equal(true);
      expect((await progress()).roomClosedAt).to.equal(undefined);
      clock.set('2026-11-23T11:15:00+11:00');
      await running.runTodayCycle();
      expect(await video.roomOpen(room!, store), 'closed at 11:15').to.equal(false);
      expect((await progress()).roomClosedAt).to.equal(clock.now());

      // Privacy: no appointment id, patient id or name in any text; the links do not even carry the first name.
      const never = [APPOINTMENT_ID, PATIENT.id, PATIENT.name, 'Featherstonehaugh'];
      for (const body of twilio.sent().map((m) => m.body)) {
        for (const secret of never) expect(body, 'SMS').to.not.contain(secret);
      }
      for (const each of [room!.patientLink, room!.practitionerLink]) {
        for (const secret of [...never, PATIENT.firstName]) expect(each, 'link').to.not.contain(secret);
        // Decoded tokens may carry the display (first) name by design (video-jitsi displayNamesInTokens); never more.
        for (const secret of never) expect(video.decodedLink(each), 'decoded link').to.not.contain(secret);
      }
    });

    it('replaces a room the provider lost before the invitation: new working link texted, new practitioner link in the PMS', async function () {
      if (!video.loseRoom) this.skip(); // this provider's rooms cannot vanish
      const h = await startConsultHost();
      await screenedForVideo(h);
      const lost = (await h.progress()).room!;
      video.loseRoom(lost);

      clock.set('2026-11-23T09:51:00+11:00');
      await h.running.runTodayCycle();
      const room = (await h.progress()).room!;
      expect(room.roomId).to.not.equal(lost.roomId);
      expect(await h.inPms()).to.deep.include({ isVideo: true, videoLink: room.practitionerLink });
      const invite = h.texts()[2]!;
      expect(invite.match(/https:\/\/\S+/)?.[0]).to.equal(room.patientLink);
      video.expectWorkingLink(room.patientLink, room, 'patient');
      video.expectWorkingLink(room.practitionerLink, room, 'practitioner');
    });
  });
}
