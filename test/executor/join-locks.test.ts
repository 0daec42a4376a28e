import { expect } from 'chai';
import { UnavailableError, type VideoRoom, type VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import type { Decision, JoinLockTerms } from '../../core/engine/decisions.js';
import { Executor } from '../../core/executor/executor.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { CountingVideo, RecordingPms, RecordingSender, RecordingSink, echoRenderer, engineAppointment, recordingLogger } from './fakes.js';
import { MemoryJoinGate } from './memory-join-gate.js';

/*
 * The executor's join-lock effects (video.verifyJoin) against a real SQLite store and an
 * in-memory gate: the lock recorded before the gate hears of it, the same url for the lock's
 * whole life, republished when its target or code changes, withdrawn once.
 */

const PHONE = '+61412345678';
const ROOM: VideoRoom = {
  roomId: 'room-1',
  patientLink: 'https://video.example/room-1?role=patient',
  practitionerLink: 'https://video.example/room-1?role=host',
};
const appointment = engineAppointment('a1', { isVideo: true });
const TERMS: JoinLockTerms = { expiresAt: '2026-11-23T00:15:00.000Z', codeMinutes: 15, issueKey: `a1:join-code:${appointment.start}` };

/** A provider whose links work once: each rejoin link is new. */
class RejoinVideo extends CountingVideo {
  rejoins = 0;
  async patientRejoinLink(room: VideoRoom, _request: VideoRoomRequest): Promise<string> {
    this.rejoins += 1;
    return `${room.patientLink}&rejoin=${this.rejoins}`;
  }
}

function linkText(key: string, template: 'VideoInvite' | 'DoctorReadyVideo', rejoin = false, terms = TERMS): Decision {
  return {
    step: template === 'VideoInvite' ? 'video-invite' : 'doctor-ready',
    appointmentId: 'a1',
    effects: [{ type: 'send', key, to: PHONE, template, appointment, withVideoUrl: true, ...(rejoin ? { rejoinVideoUrl: true } : {}), joinLock: terms }],
  };
}

function codeText(key: string): Decision {
  return {
    step: 'join-code',
    appointmentId: 'a1',
    effects: [
      { type: 'issueJoinCode', appointment, issueKey: key, codeMinutes: 15, maxCodes: 5 },
      { type: 'send', key, to: PHONE, template: 'JoinCode', appointment, vars: { minutes: '15' }, joinCodeOf: 'a1' },
    ],
  };
}

describe('executor: join locks (video.verifyJoin)', () => {
  let store: Store;
  let clock: ManualClock;
  let sender: RecordingSender;
  let gate: MemoryJoinGate;
  let video: RejoinVideo;
  let logger: ReturnType<typeof recordingLogger>;

  const executor = (withGate = true) =>
    new Executor(store, new RecordingPms(), sender, new VideoGateway(video), echoRenderer, clock, logger, new RecordingSink(), withGate ? gate : undefined);

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T07:00:00+11:00');
    store = await openSqliteStore(':memory:', { clock });
    await store.saveProgress({ appointmentId: 'a1', room: ROOM });
    sender = new RecordingSender();
    gate = new MemoryJoinGate();
    video = new RejoinVideo();
    logger = recordingLogger();
  });
  afterEach(async () => {
    await store.close();
  });

  it('texts the gate url for a lock recorded first and published with the provider link', async () => {
    const [outcome] = await executor().execute([linkText('k-invite', 'VideoInvite')]);
    expect(outcome!.result).to.equal('done');
    const lock = (await store.getJoinLock('a1'))!;
    expect(lock.url).to.equal(`https://gate.test/verify#${lock.lockId}.${lock.secret}`);
    expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${lock.url}|`]);
    expect(gate.publishes).to.have.length(1);
    expect(gate.publishes[0]).to.deep.include({
      lockId: lock.lockId,
      secret: lock.secret,
      code: lock.code,
      target: ROOM.patientLink,
      expiresAt: TERMS.expiresAt,
      codeExpiresAt: new Date(clock.now() + 15 * 60_000).toISOString(),
    });
  });

  it('puts a rejoin link behind the same lock: the same url, republished with the new target, the code kept', async () => {
    const run = executor();
    await run.execute([linkText('k-invite', 'VideoInvite')]);
    const before = (await store.getJoinLock('a1'))!;
    await run.execute([linkText('k-ready', 'DoctorReadyVideo', true)]);
    const after = (await store.getJoinLock('a1'))!;
    expect(after).to.include({ lockId: before.lockId, url: before.url, code: before.code, target: `${ROOM.patientLink}&rejoin=1` });
    expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${before.url}|`, `DoctorReadyVideo|${before.url}|`]);
    expect(gate.publishes.map((p) => p.target)).to.deep.equal([ROOM.patientLink, `${ROOM.patientLink}&rejoin=1`]);
  });

  it('a moved consult that closes later keeps its lock, url and code, republished to last until the new close', async () => {
    const run = executor();
    await run.execute([linkText('k-invite', 'VideoInvite')]);
    const before = (await store.getJoinLock('a1'))!;
    const later: JoinLockTerms = { ...TERMS, expiresAt: '2026-11-23T01:15:00.000Z', issueKey: 'a1:join-code:moved' };
    await run.execute([linkText('k-invite-moved', 'VideoInvite', false, later)]);
    const after = (await store.getJoinLock('a1'))!;
    expect(after).to.include({ lockId: before.lockId, url: before.url, code: before.code, expiresAt: Date.parse(later.expiresAt) });
    expect(gate.publishes.map((p) => p.expiresAt)).to.deep.equal([TERMS.expiresAt, later.expiresAt]);
  });

  it('a new code is recorded, republished and texted; its key again changes nothing', async () => {
    const run = executor();
    await run.execute([linkText('k-invite', 'VideoInvite')]);
    const first = (await store.getJoinLock('a1'))!.code!;
    await run.execute([codeText(TERMS.issueKey)]);
    expect(gate.publishes, 'the first code was published with the lock').to.have.length(1);
    clock.advance(5 * 60_000);
    await run.execute([codeText('join-code:SM9')]);
    await run.execute([codeText('join-code:SM9')]);
    const lock = (await store.getJoinLock('a1'))!;
    expect(lock.codesIssued).to.equal(2);
    expect(gate.publishes).to.have.length(2);
    expect(gate.publishes[1]).to.include({ code: lock.code, codeExpiresAt: new Date(clock.now() + 15 * 60_000).toISOString() });
    expect(sender.sent.slice(1).map((m) => m.body)).to.deep.equal([`JoinCode|||${first}`, `JoinCode|||${lock.code}`]);
    expect(sender.sent.every((m) => m.to === PHONE)).to.equal(true);
    expect(JSON.stringify(logger.lines)).not.to.contain(lock.code);
  });

  it('withdraws the lock at the gate once and records it; afterwards no code is issued or texted', async () => {
    const run = executor();
    await run.execute([linkText('k-invite', 'VideoInvite')]);
    const withdraw: Decision = { step: 'room-cleanup', appointmentId: 'a1', effects: [{ type: 'withdrawJoinLock', appointmentId: 'a1' }] };
    await run.execute([withdraw, withdraw]);
    const lock = (await store.getJoinLock('a1'))!;
    expect(lock.withdrawnAt).to.equal(clock.now());
    expect([...gate.withdrawn]).to.deep.equal([lock.lockId]);
    const [late] = await run.execute([codeText('join-code:SM10')]);
    expect(late!.result).to.equal('failed');
    expect(sender.sent).to.have.length(1);
  });

  it('a gate that cannot be reached stops the text (never the provider link instead); the next try finishes the same lock', async () => {
    const run = executor();
    const publish = gate.publishJoinLock.bind(gate);
    gate.publishJoinLock = async () => {
      throw new UnavailableError('the proxy is not answering');
    };
    const [failed] = await run.execute([linkText('k-invite', 'VideoInvite')]);
    expect(failed!.result).to.equal('failed');
    expect(sender.sent).to.deep.equal([]);
    const recorded = (await store.getJoinLock('a1'))!;
    expect(recorded.url).to.equal(undefined);
    gate.publishJoinLock = publish;
    await run.execute([linkText('k-invite', 'VideoInvite')]);
    const lock = (await store.getJoinLock('a1'))!;
    expect(lock).to.include({ lockId: recorded.lockId, secret: recorded.secret, code: recorded.code });
    expect(sender.sent.map((m) => m.body)).to.deep.equal([`VideoInvite|${lock.url}|`]);
  });

  it('without a gate, a text that needs one fails and nothing is texted', async () => {
    const [outcome] = await executor(false).execute([linkText('k-invite', 'VideoInvite')]);
    expect(outcome!.result).to.equal('failed');
    expect(outcome!.error).to.match(/video\.verifyJoin/);
    expect(sender.sent).to.deep.equal([]);
  });
});
