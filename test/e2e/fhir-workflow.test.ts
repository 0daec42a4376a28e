import { expect } from 'chai';
import type { Appointment as FhirAppointment } from '@medplum/fhirtypes';
import { AU_APPOINTMENT_TYPE_SYSTEM, AU_VIDEO_LINK_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';
import type { SeedInput } from '../fhir/fhir-seed.js';
import {
  FHIR_TOKEN,
  PMS_OWN_EXTENSION,
  Patient,
  readAppointment,
  setStatusAtReception,
  startFhirWorld,
  without,
  writesTo,
  type FhirWorld,
} from './fhir-host.js';

/*
 * The core workflow end to end with pms-fhir-r4 as the PMS: a real FHIR R4 server (medplum),
 * the real plugin and host, simulated SMS/inbox/video, the local API over HTTP, and a manual
 * clock in Sydney (+11:00 in November).
 */

const DR_SHAH = { id: 'dr-shah', name: 'Dr Priya Shah' };
/** A seed for one appointment with Dr Shah; `key` only links seeds of the same patient. */
const booked = (key: string, start: string, end: string, patient: Omit<SeedInput['patient'], 'id'>, status: SeedInput['status'] = 'booked'): SeedInput => ({
  start,
  end,
  status,
  isVideo: false,
  patient: { ...patient, id: key },
  practitioner: DR_SHAH,
});

interface TodayView {
  appointment: { id: string };
  state: string;
  progress?: { room?: { roomId: string; patientLink: string; practitionerLink: string } };
}

describe('end to end with pms-fhir-r4 as the PMS (simulated SMS)', function () {
  this.timeout(20_000);
  let world: FhirWorld | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  const todayView = async (w: FhirWorld, id: string): Promise<TodayView> => {
    const { items } = await w.api.get<{ items: TodayView[] }>('/api/appointments/today');
    const view = items.find((v) => v.appointment.id === id);
    if (!view) throw new Error(`appointment ${id} is not in today's list`);
    return view;
  };

  it('in person: screening → NO → ARRIVED marks only the status arrived → reception starts the consult → DoctorReady with the room', async () => {
    world = await startFhirWorld(
      [booked('pat-jordan', '2026-11-23T10:00:00+11:00', '2026-11-23T10:15:00+11:00', { name: 'Jordan Lee', firstName: 'Jordan', mobile: '0412 345 678' })],
      '2026-11-23T08:00:00+11:00',
    );
    const w = world;
    const [appointment] = w.seeded;
    const jordan = new Patient(w, '+61412345678', '0412 345 678');

    await w.host.runTodayCycle();
    expect(await jordan.texts()).to.have.length(1);
    expect(await jordan.lastText()).to.equal(
      'Hi Jordan, about your 10:00 am appointment with Dr Priya Shah: reply YES for a video consult from home, or NO to come in to the clinic.',
    );
    const original = await readAppointment(w.server, appointment!.id);

    await jordan.reply('NO');
    expect(await jordan.lastText())
      .to.contain('Please come in for your 10:00 am appointment with Dr Priya Shah')
      .and.contain('reply ARRIVED');
    expect(writesTo(w, appointment!.id), 'NO changes nothing in the PMS').to.deep.equal([]);

    w.clock.set('2026-11-23T09:52:00+11:00');
    await jordan.reply('here');
    expect(await jordan.lastText()).to.equal('Thanks, Jordan. We will text you when Dr Priya Shah is ready for you.');
    const arrived = await readAppointment(w.server, appointment!.id);
    expect(arrived.status).to.equal('arrived');
    expect(without(arrived, 'status'), 'every other field as it was').to.deep.equal(without(original, 'status'));
    expect(arrived.meta?.versionId).to.not.equal(original.meta?.versionId);
    expect(writesTo(w, appointment!.id)).to.deep.equal([`PUT Appointment/${appointment!.id}`]);

    const { items: practitioners } = await w.api.get<{ items: Array<{ practitionerId: string; name?: string }> }>('/api/practitioners');
    const practitionerId = appointment!.practitioner.id;
    expect(practitioners).to.deep.include({ practitionerId, name: 'Dr Priya Shah', seen: true });
    await w.api.patch(`/api/practitioners/${practitionerId}`, { room: 'room 4' });

    // Nothing more until reception moves the appointment on in the PMS.
    await w.host.runTodayCycle();
    expect(await jordan.texts()).to.have.length(3);

    w.clock.set('2026-11-23T10:03:00+11:00');
    await setStatusAtReception(w.server, appointment!.id, 'fulfilled');
    await w.host.runTodayCycle();
    expect(await jordan.lastText()).to.equal('Dr Priya Shah is ready for you now. Please come to room 4.');
    await w.host.runTodayCycle();
    expect(await jordan.texts(), 'sent once').to.have.length(4);
    expect((await readAppointment(w.server, appointment!.id)).status, "the host leaves reception's status alone").to.equal('fulfilled');

    // Everything the host sent to the PMS carried the configured token.
    const hostRequests = w.server.requests.slice(w.requestsAfterSeeding);
    expect(hostRequests.filter((r) => r.url.startsWith('Appointment?'))).to.not.be.empty;
    for (const request of hostRequests) {
      expect(request.headers.authorization, `${request.method} ${request.url}`).to.equal(`Bearer ${FHIR_TOKEN}`);
    }
  });

  it('video: YES records a teleconsultation with the practitioner link → invite with the patient link → JOINED arrives', async () => {
    world = await startFhirWorld(
      [booked('pat-alex', '2026-11-23T11:00:00+11:00', '2026-11-23T11:15:00+11:00', { name: 'Alex Citizen', firstName: 'Alex', mobile: '+61 423 456 789' })],
      '2026-11-23T08:30:00+11:00',
    );
    const w = world;
    const [appointment] = w.seeded;
    const id = appointment!.id;
    const alex = new Patient(w, '+61423456789');

    await w.host.runTodayCycle();
    expect(await alex.lastText()).to.contain('reply YES for a video consult');
    const original = await readAppointment(w.server, id);

    // Reception adds a note just as the host writes the video consult: the host's PUT meets a
    // 412, reads again and re-applies, and the note survives.
    let interleaved = false;
    w.server.beforeRequest = async (request) => {
      if (interleaved || request.method !== 'PUT' || request.url !== `Appointment/${id}`) return;
      interleaved = true;
      const current = await w.server.repo.readResource<FhirAppointment>('Appointment', id);
      await w.server.repo.updateResource({ ...current, comment: 'Called: running 5 minutes late' });
    };
    await alex.reply('Yes');
    w.server.beforeRequest = undefined;
    expect(interleaved).to.equal(true);
    expect(await alex.lastText()).to.equal(
      'Thanks. Your appointment with Dr Priya Shah will be a video consult. We will text you the link a few minutes before 11:00 am.',
    );
    const room = (await todayView(w, id)).progress?.room;
    expect(room?.practitionerLink).to.match(/^https:\/\/video\.test\.example\/join\/.+#d=/);
    const video = await readAppointment(w.server, id);
    expect(video.status).to.equal('booked');
    expect(video.appointmentType?.coding).to.deep.include({ system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' });
    expect(video.extension, "the PMS's own extension stays, the link is added").to.deep.equal([
      PMS_OWN_EXTENSION,
      { url: AU_VIDEO_LINK_EXTENSION, valueUrl: room!.practitionerLink },
    ]);
    expect(video.comment, "reception's concurrent edit kept").to.equal('Called: running 5 minutes late');
    expect(without(video, 'appointmentType', 'extension', 'comment'), 'every other field as it was').to.deep.equal(without(original, 'extension', 'comment'));
    expect(writesTo(w, id), 'the conflicting PUT, then the one on the fresh version').to.have.length(2);

    // The next poll reads it back as a video consult; no second write, no second room.
    await w.host.runTodayCycle();
    expect(writesTo(w, id)).to.have.length(2);
    expect((await w.api.get<{ items: unknown[] }>('/api/simulator/video/rooms')).items).to.have.length(1);

    w.clock.set('2026-11-23T10:49:00+11:00');
    await w.host.runTodayCycle();
    expect(await alex.texts(), 'no invite before videoInviteMinutes').to.have.length(2);

    w.clock.set('2026-11-23T10:50:00+11:00');
    await w.host.runTodayCycle();
    const invite = await alex.lastText();
    expect(invite).to.contain('Your video consult with Dr Priya Shah is ready to join').and.contain(room!.patientLink);
    expect(invite).to.not.contain(room!.practitionerLink);

    await alex.reply('JOINED');
    expect(await alex.lastText()).to.equal('Thanks. Dr Priya Shah will be with you soon. Please keep the video open.');
    const arrived = await readAppointment(w.server, id);
    expect(arrived.status).to.equal('arrived');
    expect(without(arrived, 'status'), 'the video fields stay').to.deep.equal(without(video, 'status'));

    w.clock.set('2026-11-23T11:04:00+11:00');
    await setStatusAtReception(w.server, id, 'fulfilled');
    await w.host.runTodayCycle();
    expect(await alex.lastText()).to.equal(`Dr Priya Shah is ready for you now. Please join your video consult:\n${room!.patientLink}`);
  });

  it("registration for tomorrow's appointment; nothing for a cancelled one; a patient without a mobile is skipped and counted", async () => {
    world = await startFhirWorld(
      [
        booked('pat-sam', '2026-11-24T09:30:00+11:00', '2026-11-24T09:45:00+11:00', { name: 'Sam Jones', firstName: 'Sam', mobile: '0434 567 890' }),
        booked(
          'pat-casey',
          '2026-11-23T11:00:00+11:00',
          '2026-11-23T11:15:00+11:00',
          { name: 'Casey Brown', firstName: 'Casey', mobile: '0445 678 901' },
          'cancelled',
        ),
        booked('pat-robin', '2026-11-23T10:30:00+11:00', '2026-11-23T10:45:00+11:00', { name: 'Robin Green', firstName: 'Robin' }),
      ],
      '2026-11-23T09:00:00+11:00',
    );
    const w = world;
    const [, casey, robin] = w.seeded;

    await w.host.runTodayCycle();
    await w.host.runUpcomingCycle();
    const { items: sent } = await w.api.get<{ items: Array<{ to: string; body: string }> }>('/api/simulator/sms/sent');
    expect(sent).to.deep.equal([
      {
        ...sent[0],
        to: '+61434567890',
        body: 'Hi Sam, your appointment at Harbour Family Practice with Dr Priya Shah is on Tuesday 24 November at 9:30 am. We will text you on the day.',
      },
    ]);

    const { items: today } = await w.api.get<{ items: TodayView[] }>('/api/appointments/today');
    expect(today.map((v) => v.appointment.id)).to.deep.equal([casey!.id]);
    expect(today.map((v) => v.appointment.id)).to.not.include(robin!.id);
    const status = await w.api.get<{ skippedAppointments: Record<string, number>; plugins: Array<{ role: string; id: string; health: { status: string } }> }>(
      '/api/status',
    );
    expect(status.skippedAppointments).to.deep.equal({ 'no-mobile': 1 });
    expect(status.plugins.find((p) => p.role === 'pms')).to.deep.include({ id: 'pms-fhir-r4' });
    expect(status.plugins.map((p) => p.health.status)).to.deep.equal(['ok', 'ok', 'ok', 'ok']);
    expect(JSON.stringify(status), 'the token is a secret').to.not.contain(FHIR_TOKEN);

    // Later passes (the same day, and the next morning) send no second registration.
    w.clock.set('2026-11-23T15:00:00+11:00');
    await w.host.runTodayCycle();
    await w.host.runUpcomingCycle();
    expect((await w.api.get<{ items: unknown[] }>('/api/simulator/sms/sent')).items).to.have.length(1);
    for (const appointment of w.seeded) expect(writesTo(w, appointment.id)).to.deep.equal([]);
  });

  it('staff got there first: no nagging, and ARRIVED is thanked without another write to the PMS', async () => {
    world = await startFhirWorld(
      [
        booked('pat-taylor', '2026-11-23T10:00:00+11:00', '2026-11-23T10:15:00+11:00', { name: 'Taylor Wong', firstName: 'Taylor', mobile: '0456 789 012' }),
        booked('pat-morgan', '2026-11-23T10:15:00+11:00', '2026-11-23T10:30:00+11:00', { name: 'Morgan Hill', firstName: 'Morgan', mobile: '0467 890 123' }),
      ],
      '2026-11-23T08:00:00+11:00',
    );
    const w = world;
    const [taylorAppointment, morganAppointment] = w.seeded;
    const taylor = new Patient(w, '+61456789012');
    const morgan = new Patient(w, '+61467890123');

    // Taylor walks in early and reception arrives them before the host has texted anything.
    const arrivedByReception = await setStatusAtReception(w.server, taylorAppointment!.id, 'arrived');
    await w.host.runTodayCycle();
    expect(await taylor.texts(), 'no screening or "reply ARRIVED" for someone already here').to.deep.equal([]);
    expect(await morgan.lastText()).to.contain('reply YES for a video consult');

    // Morgan says they will come in; reception arrives them at the desk, and Morgan texts before
    // the host has polled again: the plugin re-reads before writing, so nothing is written twice.
    await morgan.reply('no');
    expect(await morgan.lastText()).to.contain('reply ARRIVED');
    w.clock.set('2026-11-23T09:58:00+11:00');
    const morganArrived = await setStatusAtReception(w.server, morganAppointment!.id, 'arrived');
    await morgan.reply('here');
    expect(await morgan.lastText()).to.equal('Thanks, Morgan. We will text you when Dr Priya Shah is ready for you.');

    await w.host.runTodayCycle();
    await w.host.runTodayCycle();
    expect(await taylor.texts()).to.deep.equal([]);
    expect(await morgan.texts(), 'nothing more for Morgan').to.have.length(3);

    await taylor.reply('ARRIVED');
    expect(await taylor.lastText()).to.equal('Thanks, Taylor. We will text you when Dr Priya Shah is ready for you.');

    expect(await readAppointment(w.server, taylorAppointment!.id), 'not written again').to.deep.equal(arrivedByReception);
    expect(await readAppointment(w.server, morganAppointment!.id), 'not written again').to.deep.equal(morganArrived);
    expect(writesTo(w, taylorAppointment!.id)).to.have.length(1);
    expect(writesTo(w, morganAppointment!.id)).to.have.length(1);
    expect((await w.api.get<{ items: unknown[] }>('/api/messages/unprocessed')).items).to.deep.equal([]);

    // Nobody set Dr Shah's room: the doctor-ready text still goes out, to reception.
    w.clock.set('2026-11-23T10:01:00+11:00');
    await setStatusAtReception(w.server, taylorAppointment!.id, 'fulfilled');
    await w.host.runTodayCycle();
    expect(await taylor.lastText()).to.equal('Dr Priya Shah is ready for you now. Please come to reception.');
    expect((await w.api.get<{ recentErrors: unknown[] }>('/api/status')).recentErrors).to.deep.equal([]);
  });
});
