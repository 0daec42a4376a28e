import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import type { VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { Decision, EngineSettings, TemplateName } from '../../core/engine/decisions.js';
import { videoSetupEffects } from '../../core/engine/facts.js';
import { Executor } from '../../core/executor/executor.js';
import { SEND_RETRY_BASE_MS } from '../../core/executor/send-backoff.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { AuthError, ConflictError, InvalidNumberError, OptedOutError, UnavailableError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { LeaseLostError } from '../../core/fleet/index.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { CountingVideo, RecordingPms, RecordingSender, RecordingSink, echoRenderer, engineAppointment, recordingLogger } from './fakes.js';

const PHONE = '+61412345678';

/** A provider whose rooms can vanish server-side, like OpenVidu's sessions. */
class VanishingVideo extends CountingVideo {
  readonly gone = new Set<string>();
  readonly checked: string[] = [];
  /** Thrown by the next roomIsOpen (the provider could not be asked). */
  failNextCheck?: Error;

  async roomIsOpen(room: VideoRoom): Promise<boolean> {
    this.checked.push(room.roomId);
    const failure = this.failNextCheck;
    this.failNextCheck = undefined;
    if (failure) throw failure;
    return !this.gone.has(room.roomId);
  }
}

/** A provider whose links work once (as OpenVidu's tokens do): it hands out rejoin links. */
class OneUseLinksVideo extends CountingVideo {
  readonly rejoins: Array<{ roomId: string; request: VideoRoomRequest }> = [];

  async patientRejoinLink(room: VideoRoom, request: VideoRoomRequest): Promise<string> {
    this.rejoins.push({ roomId: room.roomId, request });
    return `${room.patientLink}&rejoin=${this.rejoins.length}`;
  }
}

/** Only `videoEnabled` matters to videoSetupEffects. */
const VIDEO_ON = { videoEnabled: true } as EngineSettings;

function screening(id = 'appt-1'): Decision {
  const appointment = engineAppointment(id);
  return {
    step: 'screening',
    appointmentId: id,
    effects: [
      { type: 'send', key: `${id}:screening`, to: PHONE, template: 'ConsiderTeleHealth', appointment },
      { type: 'saveProgress', appointmentId: id, patch: { screening: 'asked', screeningSentAt: 1 } },
    ],
  };
}

function videoInvite(id = 'appt-1'): Decision {
  const appointment = engineAppointment(id);
  return {
    step: 'video-invite',
    appointmentId: id,
    effects: [
      { type: 'ensureVideoRoom', appointment },
      { type: 'recordVideoInPms', appointment },
      { type: 'send', key: `${id}:video-invite`, to: PHONE, template: 'VideoInvite', appointment, withVideoUrl: true },
      { type: 'saveProgress', appointmentId: id, patch: { videoInviteSentAt: 2 } },
    ],
  };
}

describe('Executor', () => {
  let dir: string;
  let storePath: string;
  let store: Store;
  let clock: ManualClock;
  let sender: RecordingSender;
  let pms: RecordingPms;
  let video: CountingVideo;
  let sink: RecordingSink;
  let logger: ReturnType<typeof recordingLogger>;

  function executorFor(s: Store = store, withSender: RecordingSender = sender, gateway = new VideoGateway(video)): Executor {
    return new Executor(s, pms, withSender, gateway, echoRenderer, clock, logger, sink);
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ca-executor-'));
    storePath = join(dir, 'store.sqlite');
    clock = new ManualClock('2026-11-23T07:00:00+11:00');
    store = await openSqliteStore(storePath, { clock });
    sender = new RecordingSender();
    pms = new RecordingPms();
    video = new CountingVideo();
    sink = new RecordingSink();
    logger = recordingLogger();
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends once per key and saves progress after the send', async () => {
    const executor = executorFor();
    const [first] = await executor.execute([screening()]);
    await executor.execute([screening()]);
    expect(first!.result).to.equal('done');
    expect(sender.sent).to.have.length(1);
    expect(sender.sent[0]).to.include({ to: PHONE, body: 'ConsiderTeleHealth||' });
    const entry = await store.findOutbox('appt-1:screening');
    expect(entry).to.include({ status: 'sent', providerId: 'SM1', appointmentId: 'appt-1' });
    expect((await store.loadProgress(['appt-1'])).get('appt-1')).to.include({ screening: 'asked' });
  });

  it('records the intent before calling the provider', async () => {
    const seen: Array<string | undefined> = [];
    sender.onSend = async () => {
      seen.push((await store.findOutbox('appt-1:screening'))?.status);
    };
    await executorFor().execute([screening()]);
    expect(seen).to.deep.equal(['pending']);
  });

  it('never re-sends a message whose send was cut off by a crash', async () => {
    // The provider call never returns: the process "dies" with the intent recorded.
    let called!: () => void;
    const reached = new Promise<void>((resolve) => {
      called = resolve;
    });
    sender.onSend = () => {
      called();
      return new Promise<void>(() => undefined);
    };
    void executorFor().execute([screening()]);
    await reached;
    await store.close();

    store = await openSqliteStore(storePath, { clock });
    const unfinished = await store.markUnfinishedUnknown(clock.now());
    expect(unfinished.map((e) => e.key)).to.deep.equal(['appt-1:screening']);

    const afterRestart = new RecordingSender();
    const [outcome] = await executorFor(store, afterRestart).execute([screening()]);
    expect(afterRestart.calls).to.equal(0);
    expect(outcome!.result).to.equal('done');
    expect((await store.findOutbox('appt-1:screening'))?.status).to.equal('unknown');
  });

  it('retries a transient failure on a later pass, after the backoff', async () => {
    sender.failNext(new UnavailableError('provider 503'));
    const executor = executorFor();
    const [first] = await executor.execute([screening()]);
    expect(first!.result).to.equal('deferred');
    expect((await store.findOutbox('appt-1:screening'))?.status).to.equal('retry');
    expect((await store.loadProgress(['appt-1'])).get('appt-1')).to.equal(undefined);

    await executor.execute([screening()]);
    expect(sender.calls, 'not before the backoff').to.equal(1);

    clock.advance(SEND_RETRY_BASE_MS);
    const [third] = await executor.execute([screening()]);
    expect(third!.result).to.equal('done');
    expect(sender.sent).to.have.length(1);
    expect(await store.findOutbox('appt-1:screening')).to.include({ status: 'sent', attempts: 2 });
    expect((await store.loadProgress(['appt-1'])).get('appt-1')).to.include({ screening: 'asked' });
  });

  it('never re-sends a text whose outcome is unknown (connection dropped mid-request)', async () => {
    sender.failNext(new UnavailableError('connection reset after the request was written', { outcomeUnknown: true }));
    const executor = executorFor();
    const [first] = await executor.execute([screening()]);
    expect(first!.result).to.equal('done');
    expect((await store.findOutbox('appt-1:screening'))?.status).to.equal('unknown');
    expect((await store.loadProgress(['appt-1'])).get('appt-1')).to.include({ screening: 'asked' });

    clock.advance(SEND_RETRY_BASE_MS * 10);
    await executor.execute([screening()]);
    expect(sender.calls, 'no second copy').to.equal(1);
    expect(sink.errors.map((e) => e.error).join('\n')).to.match(/outcome unknown/);
  });

  it('decides by kind alone: an outcome-unknown send from another copy of the kit is never re-sent, whatever else it says', async () => {
    // A plugin's bundled kit: its own classes, so no instanceof, and flags the old checks read first.
    class OtherCopyError extends Error {
      constructor(
        readonly code: string,
        readonly kind: string,
        readonly extra: Record<string, unknown> = {},
      ) {
        super('the answer was lost after the request was written');
        Object.assign(this, extra);
      }
    }
    const shapes = [
      new OtherCopyError('CA_ERR_UNAVAILABLE', 'outcome-unknown', { retryable: true }),
      new OtherCopyError('CA_ERR_RATE_LIMITED', 'outcome-unknown', { retryable: true, retryAfterMs: 0 }),
      new OtherCopyError('CA_ERR_TWILIO_LOST', 'outcome-unknown'),
    ];
    for (const [index, error] of shapes.entries()) {
      const id = `appt-${index + 1}`;
      sender.failNext(error);
      const executor = executorFor();
      await executor.execute([screening(id)]);
      expect((await store.findOutbox(`${id}:screening`))?.status, error.code).to.equal('unknown');
      clock.advance(SEND_RETRY_BASE_MS * 10);
      await executor.execute([screening(id)]);
      expect(sender.calls, `no second copy of ${error.code}`).to.equal(index + 1);
    }
  });

  it('records an opt-out reported by the provider and never tries that key again', async () => {
    sender.failNext(new OptedOutError('recipient replied STOP'));
    const executor = executorFor();
    const [outcome] = await executor.execute([screening()]);
    expect(outcome!.result).to.equal('failed');
    expect(await store.listOptedOut()).to.deep.equal(new Set([PHONE]));
    expect((await store.findOutbox('appt-1:screening'))?.status).to.equal('failed');

    clock.advance(60 * 60_000);
    await executor.execute([screening()]);
    expect(sender.calls).to.equal(1);
  });

  it('recognises typed errors by code and flags, even from another copy of core without kinds', async () => {
    // What a plugin bundling its own core throws: same shape, different class.
    const foreign = Object.assign(new Error('recipient replied STOP'), { name: 'OptedOutError', code: 'CA_ERR_OPTED_OUT', retryable: false });
    sender.failNext(foreign);
    const [outcome] = await executorFor().execute([screening()]);
    expect(outcome!.error).to.equal('CA_ERR_OPTED_OUT: recipient replied STOP');
    expect(await store.listOptedOut()).to.deep.equal(new Set([PHONE]));

    const transient = Object.assign(new Error('try later'), { code: 'CA_ERR_UNAVAILABLE', retryable: true });
    sender.failNext(transient);
    const [second] = await executorFor().execute([screening('appt-2')]);
    expect(second!.result).to.equal('deferred');
  });

  it("recognises a plugin's own auth code by its kind: the sms plugin is marked down, whatever the error is named", async () => {
    // No AuthError class, no CA_ERR_AUTH, no name 'AuthError': only kind says so.
    const own = Object.assign(new Error('token refused'), { code: 'CA_ERR_ACME_AUTH', kind: 'auth' });
    sender.failNext(own);
    const [outcome] = await executorFor().execute([screening()]);
    expect(outcome!.result).to.equal('failed');
    expect(sink.down.get('sms')).to.equal('CA_ERR_ACME_AUTH: token refused');
  });

  it('keeps phone numbers out of reported and logged errors', async () => {
    sender.failNext(new InvalidNumberError(`The 'To' number ${PHONE} is not a valid phone number.`));
    const [outcome] = await executorFor().execute([screening()]);
    expect(outcome!.error).to.equal("CA_ERR_INVALID_NUMBER: The 'To' number [number] is not a valid phone number.");
    expect(JSON.stringify(sink.errors) + JSON.stringify(logger.lines)).to.not.contain('412345678');
    expect((await store.findOutbox('appt-1:screening'))?.error).to.not.contain('412345678');
  });

  it('warns about a failing step once, not on every pass', async () => {
    const executor = executorFor();
    for (let pass = 0; pass < 3; pass++) {
      pms.failures.markArrived.push(new ConflictError('changed under us'));
      await executor.execute([{ step: 'arrival', appointmentId: 'appt-a', effects: [{ type: 'markArrived', appointment: engineAppointment('appt-a') }] }]);
    }
    expect(logger.lines.filter((l) => l.level === 'warn')).to.have.length(1);
    expect(sink.errors).to.have.length(3);
  });

  it('marks the SMS plugin down when its credentials are rejected', async () => {
    sender.failNext(new AuthError('bad token'));
    await executorFor().execute([screening()]);
    expect(sink.down.get('sms')).to.match(/CA_ERR_AUTH/);
    expect(sink.errors).to.have.length(1);
  });

  it('creates one room per appointment and texts its patient link', async () => {
    const executor = executorFor();
    await executor.execute([videoInvite()]);
    await executor.execute([videoInvite()]);
    expect(video.created).to.have.length(1);
    const room = (await store.loadProgress(['appt-1'])).get('appt-1')?.room;
    expect(room?.roomId).to.match(/^[0-9a-f]{32}$/);
    expect(pms.videoConsults).to.deep.equal([{ id: 'appt-1', link: room!.practitionerLink }]);
    expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${room!.patientLink}|`]);
  });

  it('keeps a created room when a later effect fails, so the retry does not create another', async () => {
    pms.failures.recordVideoConsult.push(new UnreachableError('PMS timed out'));
    const executor = executorFor();
    const [first] = await executor.execute([videoInvite()]);
    expect(first!.result).to.equal('failed');
    expect(sender.calls).to.equal(0);
    expect((await store.loadProgress(['appt-1'])).get('appt-1')?.room).to.not.equal(undefined);

    const [second] = await executor.execute([videoInvite()]);
    expect(second!.result).to.equal('done');
    expect(video.created).to.have.length(1);
    expect(sender.sent).to.have.length(1);
  });

  it('goes on with the other decisions when one fails', async () => {
    pms.failures.markArrived.push(new ConflictError('changed under us'));
    const arrive = (id: string): Decision => ({
      step: 'arrival',
      appointmentId: id,
      effects: [
        { type: 'markArrived', appointment: engineAppointment(id) },
        { type: 'saveProgress', appointmentId: id, patch: { arrivedAt: 5, arrivedBy: 'text' } },
      ],
    });
    const outcomes = await executorFor().execute([arrive('appt-a'), arrive('appt-b')]);
    expect(outcomes.map((o) => o.result)).to.deep.equal(['failed', 'done']);
    expect(pms.arrived).to.deep.equal(['appt-b']);
    const progress = await store.loadProgress(['appt-a', 'appt-b']);
    expect(progress.has('appt-a')).to.equal(false);
    expect(progress.get('appt-b')).to.include({ arrivedBy: 'text' });
    expect(sink.errors[0]!.where).to.contain('appt-a');
    expect(sink.errors[0]!.error).to.contain('CA_ERR_CONFLICT');
  });

  it('does nothing more for the clinic once a write is refused for a lost lease: no PMS change, no room, no text', async () => {
    const refusing = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver) as unknown;
        if (name !== 'beginSend' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return () => Promise.reject(new LeaseLostError('north', 'another replica holds it now'));
      },
    });
    const arrive: Decision = {
      step: 'arrival',
      appointmentId: 'appt-b',
      effects: [
        { type: 'markArrived', appointment: engineAppointment('appt-b') },
        { type: 'saveProgress', appointmentId: 'appt-b', patch: { arrivedAt: 5, arrivedBy: 'text' } },
      ],
    };
    const outcomes = await executorFor(refusing).execute([screening('appt-a'), arrive, videoInvite('appt-c')]);
    expect(outcomes.map((o) => o.result)).to.deep.equal(['failed', 'failed', 'failed']);
    expect(outcomes.every((o) => o.result === 'failed' && !!o.error?.includes('CA_ERR_LEASE_LOST'))).to.equal(true);
    expect(pms.arrived).to.deep.equal([]);
    expect(video.created).to.deep.equal([]);
    expect(sender.sent).to.deep.equal([]);
  });

  it('closes a room once and records when', async () => {
    const executor = executorFor();
    await executor.execute([videoInvite()]);
    const close: Decision = { step: 'room-cleanup', appointmentId: 'appt-1', effects: [{ type: 'closeVideoRoom', appointmentId: 'appt-1' }] };
    await executor.execute([close, close]);
    expect(video.closed).to.have.length(1);
    expect((await store.loadProgress(['appt-1'])).get('appt-1')?.roomClosedAt).to.equal(clock.now());
  });

  describe('guest grants', () => {
    const KEY = 'SM-guest-1';
    function guest(id = 'appt-1'): Decision {
      const appointment = engineAppointment(id);
      return {
        step: 'guest',
        appointmentId: id,
        effects: [
          { type: 'grantGuest', appointment, requestKey: KEY, displayName: 'Guest', expiresAt: '2026-11-23T12:15:00.000Z' },
          { type: 'send', key: `guest:${KEY}`, to: PHONE, template: 'GuestLink', appointment, guestRequestKey: KEY },
          { type: 'guestSent', requestKey: KEY },
        ],
      };
    }

    it('records the grant, asks the provider once per grant, texts its link and marks it sent; a repeat changes nothing', async () => {
      const executor = executorFor();
      await executor.execute([videoInvite()]);
      const [outcome] = await executor.execute([guest(), guest()]);
      expect(outcome!.result).to.equal('done');
      const grants = await store.listGuestGrants('appt-1');
      expect(grants).to.have.length(1);
      expect(grants[0]).to.deep.include({ state: 'sent', grantedBy: 'patient', roomId: (await store.loadProgress(['appt-1'])).get('appt-1')!.room!.roomId });
      expect(grants[0]!.grantId).to.match(/^[A-Za-z0-9_-]{24}$/);
      expect(new Set(video.guestCalls.map((g) => g.grantId))).to.deep.equal(new Set([grants[0]!.grantId]));
      expect(video.guestCalls[0]).to.deep.include({ displayName: 'Guest', expiresAt: '2026-11-23T12:15:00.000Z' });
      expect(sender.sent.filter((m) => m.body.startsWith('GuestLink')).map((m) => m.body)).to.deep.equal([`GuestLink|${grants[0]!.link!.link}|`]);
    });

    it('fails without an open room and creates nothing', async () => {
      const [outcome] = await executorFor().execute([guest()]);
      expect(outcome!.result).to.equal('failed');
      expect(await store.listGuestGrants('appt-1')).to.deep.equal([]);
      expect(video.guestCalls).to.deep.equal([]);
      expect(sender.sent).to.deep.equal([]);
    });

    it('closing the room expires its guests', async () => {
      const executor = executorFor();
      await executor.execute([videoInvite(), guest()]);
      await executor.execute([{ step: 'room-cleanup', appointmentId: 'appt-1', effects: [{ type: 'closeVideoRoom', appointmentId: 'appt-1' }] }]);
      expect((await store.listGuestGrants('appt-1')).map((g) => g.state)).to.deep.equal(['expired']);
    });

    describe('booked by reception', () => {
      const GUEST_PHONE = '+61491570156';
      const book = () =>
        store.bookGuest(
          {
            grantId: 'booked-1',
            requestKey: 'reception:1',
            appointmentId: 'appt-1',
            kind: 'interpreter',
            displayName: 'Minh',
            phone: GUEST_PHONE,
            bookedBy: 'rita',
            expiresAt: '2026-11-23T12:00:00.000Z',
          },
          1,
        );
      function bookedGuest(appointmentId = 'appt-1'): Decision {
        const appointment = engineAppointment(appointmentId);
        return {
          step: 'booked-guest',
          appointmentId,
          effects: [
            { type: 'linkBookedGuest', appointment, grantId: 'booked-1', expiresAt: '2026-11-23T12:15:00.000Z' },
            { type: 'send', key: 'booked-guest:booked-1', to: GUEST_PHONE, template: 'GuestBooked', guestRequestKey: 'reception:1' },
            { type: 'guestSent', requestKey: 'reception:1' },
            { type: 'send', key: 'guest-added:booked-1', to: PHONE, template: 'GuestAdded', appointment },
            { type: 'bookedGuestTold', grantId: 'booked-1' },
          ],
        };
      }
      const refusal = (grantIds = ['booked-1']): Decision => ({
        step: 'refuse-guest',
        appointmentId: 'appt-1',
        effects: [{ type: 'revokeGuests', appointmentId: 'appt-1', grantIds, by: 'patient' }],
      });

      it('makes the grant for the room, texts the guest their own link and the patient; a repeat changes nothing', async () => {
        await book();
        const executor = executorFor();
        await executor.execute([videoInvite()]);
        const outcomes = await executor.execute([bookedGuest(), bookedGuest()]);
        expect(outcomes.map((o) => o.result)).to.deep.equal(['done', 'done']);
        const grant = (await store.getGuestGrant('booked-1'))!;
        expect(grant).to.deep.include({ state: 'sent', roomId: (await store.loadProgress(['appt-1'])).get('appt-1')!.room!.roomId });
        expect(grant.expiresAt).to.equal('2026-11-23T12:15:00.000Z');
        expect(grant.patientToldAt).to.be.a('number');
        expect(video.guestCalls.map((g) => [g.grantId, g.displayName])).to.deep.equal([['booked-1', 'Minh']]);
        expect(sender.sent.filter((m) => m.to === GUEST_PHONE).map((m) => m.body)).to.deep.equal([`GuestBooked|${grant.link!.link}|`]);
        expect(sender.sent.filter((m) => m.body.startsWith('GuestAdded'))).to.have.length(1);
      });

      it('fails without an open room and leaves the guest booked', async () => {
        await book();
        const [outcome] = await executorFor().execute([bookedGuest()]);
        expect(outcome!.result).to.equal('failed');
        expect((await store.getGuestGrant('booked-1'))!.state).to.equal('booked');
        expect(video.guestCalls).to.deep.equal([]);
        expect(sender.sent).to.deep.equal([]);
      });

      it('a guest the patient refused before the invite gets no link and no text', async () => {
        await book();
        const executor = executorFor();
        await executor.execute([videoInvite(), refusal()]);
        const [outcome] = await executor.execute([bookedGuest()]);
        expect(outcome!.result).to.equal('failed');
        expect(video.guestCalls).to.deep.equal([]);
        expect(sender.sent.filter((m) => m.to === GUEST_PHONE)).to.deep.equal([]);
        expect((await store.getGuestGrant('booked-1'))!).to.deep.include({ state: 'revoked', revokedBy: 'patient' });
      });

      it('NO GUEST revokes at the provider, records who and the activity once; grants of another appointment are left alone', async () => {
        await book();
        const executor = executorFor();
        await executor.execute([videoInvite(), bookedGuest()]);
        await executor.execute([refusal(['booked-1', 'not-this-one']), refusal()]);
        expect(video.revokedGuests).to.deep.equal(['booked-1']);
        expect(await store.getGuestGrant('booked-1')).to.deep.include({ state: 'revoked', revokedBy: 'patient' });
        const activity = await store.listActivity();
        expect(activity.map((e) => [e.actor, e.action, e.detail?.grantId])).to.deep.equal([['patient', 'guest-revoke', 'booked-1']]);
      });
    });
  });

  it('fails a video step clearly when video is off', async () => {
    const off = executorFor(store, sender, new VideoGateway(undefined));
    const [outcome] = await off.execute([videoInvite()]);
    expect(outcome!.result).to.equal('failed');
    expect(outcome!.error).to.match(/video is off/);
  });

  it('appends the last-message notice when the daily cap is reached', async () => {
    const decision = screening();
    const send = decision.effects[0] as Extract<Decision['effects'][number], { type: 'send' }>;
    send.lastToday = true;
    await executorFor().execute([decision]);
    expect(sender.sent[0]!.body).to.equal('ConsiderTeleHealth|| (last message today)');
  });

  it('logs a suppressed message once, without phone or key', async () => {
    const suppressed: Decision = {
      step: 'screening',
      appointmentId: 'appt-1',
      effects: [{ type: 'suppressed', reason: 'daily-cap', key: `appt-1:screening:${PHONE}`, appointmentId: 'appt-1' }],
    };
    const executor = executorFor();
    await executor.execute([suppressed, suppressed]);
    const infos = logger.lines.filter((l) => l.level === 'info');
    expect(infos).to.have.length(1);
    expect(infos[0]!.fields).to.deep.equal({ appointmentId: 'appt-1', reason: 'daily-cap' });
    expect(JSON.stringify(logger.lines)).to.not.contain(PHONE);
  });

  it('stores opt-outs and incoming states', async () => {
    await store.recordIncoming({ id: 'SM-in-1', from: PHONE, body: 'stop', receivedAt: clock.now() });
    await executorFor().execute([
      {
        step: 'opt-out',
        effects: [
          { type: 'setOptOut', phone: PHONE, optedOut: true },
          { type: 'setIncomingState', messageId: 'SM-in-1', state: 'handled', appointmentId: 'appt-1' },
        ],
      },
    ]);
    expect(await store.listOptedOut()).to.deep.equal(new Set([PHONE]));
    expect(await store.getIncoming('SM-in-1')).to.include({ state: 'handled', appointmentId: 'appt-1' });
  });
  describe('video links that work once', () => {
    /** The invite, then DoctorReadyVideo as the engine plans it (a rejoin link). */
    const linkTexts = (): Decision[] => {
      const appointment = engineAppointment('appt-1');
      return [
        {
          step: 'video-invite',
          appointmentId: 'appt-1',
          effects: [
            ...videoSetupEffects(appointment, { appointmentId: 'appt-1' }, VIDEO_ON),
            { type: 'send', key: 'appt-1:video-invite', to: PHONE, template: 'VideoInvite', appointment, withVideoUrl: true },
          ],
        },
        {
          step: 'doctor-ready',
          appointmentId: 'appt-1',
          effects: [
            { type: 'send', key: 'appt-1:doctor-ready', to: PHONE, template: 'DoctorReadyVideo', appointment, withVideoUrl: true, rejoinVideoUrl: true },
          ],
        },
      ];
    };

    it("DoctorReadyVideo carries a rejoin link from the provider, the invite the room's own", async () => {
      const oneUse = new OneUseLinksVideo();
      video = oneUse;
      await executorFor().execute(linkTexts());
      const room = (await store.loadProgress(['appt-1'])).get('appt-1')!.room!;
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${room.patientLink}|`, `DoctorReadyVideo|${room.patientLink}&rejoin=1|`]);
      expect(oneUse.rejoins).to.deep.equal([{ roomId: room.roomId, request: oneUse.created[0] }]);
      expect(oneUse.rejoins[0]!.request).to.include({ appointmentId: 'appt-1', patientDisplayName: 'Alex', practitionerDisplayName: 'Dr Lee' });
    });

    it("re-sends the room's link when the provider has no rejoin links (its links keep working)", async () => {
      await executorFor().execute(linkTexts());
      const room = (await store.loadProgress(['appt-1'])).get('appt-1')!.room!;
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${room.patientLink}|`, `DoctorReadyVideo|${room.patientLink}|`]);
    });
  });

  describe('a video room the provider lost', () => {
    let vanishing: VanishingVideo;
    const progressOf = async (id = 'appt-1') => (await store.loadProgress([id])).get(id)!;

    /** A step that texts the link, with the set-up effects the engine emits for the stored progress. */
    async function linkStep(template: TemplateName, key: string, id = 'appt-1'): Promise<Decision> {
      const appointment = engineAppointment(id);
      const progress = (await store.loadProgress([id])).get(id) ?? { appointmentId: id };
      return {
        step: template === 'VideoInvite' ? 'video-invite' : 'doctor-ready',
        appointmentId: id,
        effects: [...videoSetupEffects(appointment, progress, VIDEO_ON), { type: 'send', key, to: PHONE, template, appointment, withVideoUrl: true }],
      };
    }

    beforeEach(() => {
      vanishing = new VanishingVideo();
      video = vanishing;
    });

    it('is replaced on the next need: new room, new practitioner link in the PMS, the invite carries the new patient link', async () => {
      const executor = executorFor();
      await executor.execute([
        { step: 'screening-reply', appointmentId: 'appt-1', effects: videoSetupEffects(engineAppointment('appt-1'), { appointmentId: 'appt-1' }, VIDEO_ON) },
      ]);
      const first = (await progressOf()).room!;
      expect(pms.videoConsults).to.deep.equal([{ id: 'appt-1', link: first.practitionerLink }]);

      vanishing.gone.add(first.roomId);
      const invite = await linkStep('VideoInvite', 'appt-1:video-invite');
      expect(
        invite.effects.map((e) => e.type),
        'the engine saw the link recorded',
      ).to.deep.equal(['ensureVideoRoom', 'send']);
      const [outcome] = await executor.execute([invite]);

      expect(outcome!.result).to.equal('done');
      const second = (await progressOf()).room!;
      expect(second.roomId).to.not.equal(first.roomId);
      expect(vanishing.created).to.have.length(2);
      expect(pms.videoConsults).to.deep.equal([
        { id: 'appt-1', link: first.practitionerLink },
        { id: 'appt-1', link: second.practitionerLink },
      ]);
      expect(await progressOf()).to.include({ videoRecordedInPms: true });
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${second.patientLink}|`]);
    });

    it('gives DoctorReadyVideo the new link, and records it in the PMS once even when the engine asked too', async () => {
      const executor = executorFor();
      await executor.execute([await linkStep('VideoInvite', 'appt-1:video-invite')]);
      const first = (await progressOf()).room!;
      vanishing.gone.add(first.roomId);

      // The engine asks for the PMS record too (e.g. it never saw it done): still one write per room.
      const ready = await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready');
      ready.effects.splice(1, 0, { type: 'recordVideoInPms', appointment: engineAppointment('appt-1') });
      await executor.execute([ready]);

      const second = (await progressOf()).room!;
      expect(second.roomId).to.not.equal(first.roomId);
      expect(pms.videoConsults.map((c) => c.link)).to.deep.equal([first.practitionerLink, second.practitionerLink]);
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${first.patientLink}|`, `DoctorReadyVideo|${second.patientLink}|`]);
    });

    it('keeps a room that is still open, asking the provider each time it is needed', async () => {
      const executor = executorFor();
      await executor.execute([await linkStep('VideoInvite', 'appt-1:video-invite')]);
      const room = (await progressOf()).room!;
      await executor.execute([await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready')]);
      expect(vanishing.created).to.have.length(1);
      expect(vanishing.checked).to.deep.equal([room.roomId]);
      expect(pms.videoConsults).to.have.length(1);
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${room.patientLink}|`, `DoctorReadyVideo|${room.patientLink}|`]);
    });

    it('fails the step, making no room, when the provider cannot say; the next pass goes on with the same room', async () => {
      const executor = executorFor();
      await executor.execute([await linkStep('VideoInvite', 'appt-1:video-invite')]);
      const room = (await progressOf()).room!;

      vanishing.failNextCheck = new UnavailableError('OpenVidu did not answer');
      const [failed] = await executor.execute([await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready')]);
      expect(failed!.result).to.equal('failed');
      expect(failed!.error).to.contain('CA_ERR_UNAVAILABLE');
      expect(vanishing.created).to.have.length(1);
      expect((await progressOf()).room).to.deep.equal(room);
      expect(sender.sent).to.have.length(1);

      const [retried] = await executor.execute([await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready')]);
      expect(retried!.result).to.equal('done');
      expect(vanishing.created).to.have.length(1);
      expect(sender.sent.at(-1)!.body).to.equal(`DoctorReadyVideo|${room.patientLink}|`);
    });

    it('records the new link on the next pass when the PMS write of a replaced room fails', async () => {
      const executor = executorFor();
      await executor.execute([await linkStep('VideoInvite', 'appt-1:video-invite')]);
      const first = (await progressOf()).room!;
      vanishing.gone.add(first.roomId);

      pms.failures.recordVideoConsult.push(new UnreachableError('PMS timed out'));
      const [failed] = await executor.execute([await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready')]);
      expect(failed!.result).to.equal('failed');
      const second = (await progressOf()).room!;
      expect(second.roomId).to.not.equal(first.roomId);
      expect(await progressOf()).to.include({ videoRecordedInPms: false });
      expect(sender.sent, 'no text with a link the PMS does not hold yet').to.have.length(1);

      const retry = await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready');
      expect(retry.effects.map((e) => e.type)).to.deep.equal(['ensureVideoRoom', 'recordVideoInPms', 'send']);
      await executor.execute([retry]);
      expect(vanishing.created, 'not replaced again').to.have.length(2);
      expect(pms.videoConsults.map((c) => c.link)).to.deep.equal([first.practitionerLink, second.practitionerLink]);
      expect(sender.sent.at(-1)!.body).to.equal(`DoctorReadyVideo|${second.patientLink}|`);
    });

    it('is never looked for with a provider that cannot lose rooms (no roomIsOpen)', async () => {
      video = new CountingVideo();
      const executor = executorFor();
      await executor.execute([await linkStep('VideoInvite', 'appt-1:video-invite')]);
      const room = (await progressOf()).room!;
      await executor.execute([await linkStep('DoctorReadyVideo', 'appt-1:doctor-ready')]);
      expect(video.created).to.have.length(1);
      expect(pms.videoConsults).to.deep.equal([{ id: 'appt-1', link: room.practitionerLink }]);
      expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${room.patientLink}|`, `DoctorReadyVideo|${room.patientLink}|`]);
    });
  });
});
