import { expect } from 'chai';
import type { VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import type { Decision, EngineAppointment, JoinLockTerms } from '../../core/engine/decisions.js';
import { Executor } from '../../core/executor/executor.js';
import { VideoGateway } from '../../core/executor/video-gateway.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { Store } from '../../core/store/store.js';
import { CountingVideo, RecordingPms, RecordingSender, RecordingSink, echoRenderer, engineAppointment, recordingLogger } from './fakes.js';
import { MemoryJoinGate } from './memory-join-gate.js';

/*
 * The patient's language reaches the pages the patient sees: the video provider hears it in
 * the room request (its links carry it), and the join gate in the lock (its url carries it).
 */

const PHONE = '+61412345678';
const ROOM: VideoRoom = {
  roomId: 'room-1',
  patientLink: 'https://video.example/room-1?role=patient',
  practitionerLink: 'https://video.example/room-1?role=host',
};

class RequestRecordingVideo extends CountingVideo {
  readonly rejoinRequests: VideoRoomRequest[] = [];
  async patientRejoinLink(room: VideoRoom, request: VideoRoomRequest): Promise<string> {
    this.rejoinRequests.push(request);
    return `${room.patientLink}&rejoin=${this.rejoinRequests.length}`;
  }
}

function rejoinText(appointment: EngineAppointment, joinLock?: JoinLockTerms): Decision {
  return {
    step: 'doctor-ready',
    appointmentId: appointment.id,
    effects: [
      {
        type: 'send',
        key: `${appointment.id}:ready`,
        to: PHONE,
        template: 'DoctorReadyVideo',
        appointment,
        withVideoUrl: true,
        rejoinVideoUrl: true,
        ...(joinLock ? { joinLock } : {}),
      },
    ],
  };
}

describe("executor: the patient's language on the video request and the join lock", () => {
  let store: Store;
  let clock: ManualClock;
  let gate: MemoryJoinGate;
  let video: RequestRecordingVideo;

  const executor = () =>
    new Executor(store, new RecordingPms(), new RecordingSender(), new VideoGateway(video), echoRenderer, clock, recordingLogger(), new RecordingSink(), gate);

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T07:00:00+11:00');
    store = await openSqliteStore(':memory:', { clock });
    gate = new MemoryJoinGate();
    video = new RequestRecordingVideo();
  });
  afterEach(() => store.close());

  it("tells the provider and the gate the appointment's language", async () => {
    const appointment = engineAppointment('a1', { isVideo: true, language: 'vi' });
    await store.saveProgress({ appointmentId: 'a1', room: ROOM });
    const terms: JoinLockTerms = { expiresAt: '2026-11-23T00:15:00.000Z', codeMinutes: 15, issueKey: `a1:join-code:${appointment.start}` };
    const [outcome] = await executor().execute([rejoinText(appointment, terms)]);
    expect(outcome!.result).to.equal('done');
    expect(video.rejoinRequests.map((request) => request.language)).to.deep.equal(['vi']);
    expect(gate.publishes.map((lock) => lock.language)).to.deep.equal(['vi']);
  });

  it('says nothing of a language the appointment does not have', async () => {
    const appointment = engineAppointment('a2', { isVideo: true });
    await store.saveProgress({ appointmentId: 'a2', room: ROOM });
    const terms: JoinLockTerms = { expiresAt: '2026-11-23T00:15:00.000Z', codeMinutes: 15, issueKey: `a2:join-code:${appointment.start}` };
    await executor().execute([rejoinText(appointment, terms)]);
    expect(video.rejoinRequests[0]).not.to.have.property('language');
    expect(gate.publishes[0]).not.to.have.property('language');
  });
});
