import { expect } from 'chai';
import { CONFIRMED_BY_TEXT_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';
import { CANCELLATION_REASON_SYSTEM } from '../../plugins/pms-fhir-r4/patient-replies.js';
import { getResource, putResource } from './fhir-seed.js';
import { useFhirWriteServer } from './fhir-plugin-harness.js';
import { expectOnlyChanged, OTHER_EXTENSION, richAppointment } from './fhir-rich-appointment.js';

const CONFIRMED_AT = '2026-11-22T18:05:00+11:00';
const PAT_REASON = { coding: [{ system: CANCELLATION_REASON_SYSTEM, code: 'pat', display: 'Patient' }] };

type Participant = { actor: { reference: string }; status: string };

/** The rich appointment with the patient's participation still awaiting an answer, as a PMS that does not accept at booking has it. */
function awaitingAnswer(id: string) {
  const appointment = richAppointment(id);
  appointment.participant[0]!.status = 'needs-action';
  return appointment;
}

/** `participant` as it was, with the patient's (the first) status replaced. */
function withPatientStatus(participants: unknown, status: string): Participant[] {
  const copy = structuredClone(participants) as Participant[];
  copy[0]!.status = status;
  return copy;
}

describe('pms-fhir-r4: a patient confirms or cancels by text', function () {
  const suite = useFhirWriteServer();
  const started = suite.started;
  const methods = () => suite.server.requests.map((r) => r.method);

  it('a yes sets the patient participant accepted and adds the confirmation extension, nothing else', async function () {
    await putResource(suite.server.baseUrl, awaitingAnswer('r-yes'));
    const before = await getResource(suite.server.baseUrl, 'Appointment/r-yes');
    const { source } = await started();
    await source.confirmAppointment('r-yes', CONFIRMED_AT);
    const after = await getResource(suite.server.baseUrl, 'Appointment/r-yes');
    expectOnlyChanged(before, after, ['participant', 'extension']);
    expect(after.participant).to.deep.equal(withPatientStatus(before.participant, 'accepted'));
    expect(after.extension).to.deep.equal([OTHER_EXTENSION, { url: CONFIRMED_BY_TEXT_EXTENSION, valueDateTime: CONFIRMED_AT }]);
    expect(after.status).to.equal('booked');
    const put = suite.server.requests.find((r) => r.method === 'PUT')!;
    expect(put.headers['if-match']).to.equal(`W/"${(before.meta as { versionId: string }).versionId}"`);
  });

  it('records the confirmation even when the PMS accepted every participant at booking (a write happens)', async function () {
    await putResource(suite.server.baseUrl, richAppointment('r-accepted'));
    const before = await getResource(suite.server.baseUrl, 'Appointment/r-accepted');
    expect((before.participant as Participant[])[0]!.status).to.equal('accepted');
    const { source } = await started();
    await source.confirmAppointment('r-accepted', CONFIRMED_AT);
    expect(methods()).to.deep.equal(['GET', 'PUT']);
    const after = await getResource(suite.server.baseUrl, 'Appointment/r-accepted');
    expectOnlyChanged(before, after, ['extension']);
    expect(after.extension).to.deep.equal([OTHER_EXTENSION, { url: CONFIRMED_BY_TEXT_EXTENSION, valueDateTime: CONFIRMED_AT }]);
  });

  it('a second yes writes nothing and keeps the first time', async function () {
    await putResource(suite.server.baseUrl, awaitingAnswer('r-twice'));
    const { source } = await started();
    await source.confirmAppointment('r-twice', CONFIRMED_AT);
    const first = await getResource(suite.server.baseUrl, 'Appointment/r-twice');
    suite.server.requests.length = 0;
    await source.confirmAppointment('r-twice', '2026-11-22T19:40:00+11:00');
    expect(methods(), 'read, no write').to.deep.equal(['GET']);
    expect(await getResource(suite.server.baseUrl, 'Appointment/r-twice')).to.deep.equal(first);
  });

  it('writes the extension under the URL the clinic configures', async function () {
    const url = 'https://pms.example/fhir/StructureDefinition/sms-confirmed';
    await putResource(suite.server.baseUrl, awaitingAnswer('r-own-url'));
    const { source } = await started({ confirmationExtensionUrl: url });
    await source.confirmAppointment('r-own-url', CONFIRMED_AT);
    const after = await getResource(suite.server.baseUrl, 'Appointment/r-own-url');
    expect(after.extension).to.deep.equal([OTHER_EXTENSION, { url, valueDateTime: CONFIRMED_AT }]);
  });

  it('a no cancels with reason pat and changes nothing else', async function () {
    await putResource(suite.server.baseUrl, richAppointment('r-no'));
    const before = await getResource(suite.server.baseUrl, 'Appointment/r-no');
    const { source } = await started();
    await source.cancelAppointment('r-no');
    const after = await getResource(suite.server.baseUrl, 'Appointment/r-no');
    expect(after.status).to.equal('cancelled');
    expect(after.cancelationReason).to.deep.equal(PAT_REASON);
    expectOnlyChanged(before, after, ['status', 'cancelationReason']);
    suite.server.requests.length = 0;
    await source.cancelAppointment('r-no');
    expect(methods(), 'already cancelled: read, no write').to.deep.equal(['GET']);
  });

  it('a no leaves an arrived or fulfilled visit untouched', async function () {
    const { source } = await started();
    for (const status of ['arrived', 'fulfilled']) {
      const id = `r-no-${status}`;
      await putResource(suite.server.baseUrl, { ...richAppointment(id), status });
      const before = await getResource(suite.server.baseUrl, `Appointment/${id}`);
      suite.server.requests.length = 0;
      await source.cancelAppointment(id);
      expect(methods(), status).to.deep.equal(['GET']);
      expect(await getResource(suite.server.baseUrl, `Appointment/${id}`)).to.deep.equal(before);
    }
  });

  for (const answer of ['confirm', 'cancel'] as const) {
    it(`${answer}: a concurrent edit between our read and our write is kept, ours applied on top (412 path)`, async function () {
      const id = `r-race-${answer}`;
      await putResource(suite.server.baseUrl, awaitingAnswer(id));
      const { source, instance } = await started();
      let raced = false;
      suite.server.beforeRequest = async (request) => {
        if (request.method !== 'PUT' || raced) return;
        raced = true; // reception edits the comment between our read and our write
        const current = await suite.server.repo.readResource('Appointment', id);
        await suite.server.repo.updateResource({ ...current, comment: 'Rang to say she may be late' } as never);
      };
      if (answer === 'confirm') await source.confirmAppointment(id, CONFIRMED_AT);
      else await source.cancelAppointment(id);
      expect(methods()).to.deep.equal(['GET', 'PUT', 'GET', 'PUT']);
      const after = await getResource(suite.server.baseUrl, `Appointment/${id}`);
      expect(after.comment).to.equal('Rang to say she may be late');
      if (answer === 'confirm') {
        expect((after.participant as Participant[])[0]!.status).to.equal('accepted');
        expect(after.extension).to.deep.include({ url: CONFIRMED_BY_TEXT_EXTENSION, valueDateTime: CONFIRMED_AT });
      } else {
        expect(after).to.deep.include({ status: 'cancelled', cancelationReason: PAT_REASON });
      }
      expect((await instance.checkHealth!()).data).to.include({ conflicts: 1 });
    });
  }

  it('writes a time given without seconds as a valid FHIR dateTime (in UTC)', async function () {
    await putResource(suite.server.baseUrl, awaitingAnswer('r-short-time'));
    const { source } = await started();
    await source.confirmAppointment('r-short-time', '2026-11-22T18:05+11:00');
    const after = await getResource(suite.server.baseUrl, 'Appointment/r-short-time');
    expect(after.extension).to.deep.include({ url: CONFIRMED_BY_TEXT_EXTENSION, valueDateTime: '2026-11-22T07:05:00.000Z' });
  });
});
