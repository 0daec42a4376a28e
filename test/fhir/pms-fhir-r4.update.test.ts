import { expect } from 'chai';
import { ConflictError } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { AU_APPOINTMENT_TYPE_SYSTEM, AU_VIDEO_LINK_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';
import { getResource, putResource } from './fhir-seed.js';
import { makeFhirPms, useFhirWriteServer } from './fhir-plugin-harness.js';
import { startFhirTestServer } from './fhir-test-server.js';
import { expectOnlyChanged, OTHER_EXTENSION, richAppointment } from './fhir-rich-appointment.js';

const LINK = 'https://video.example.test/room/r1?token=abc';

describe('pms-fhir-r4: updates', function () {
  const suite = useFhirWriteServer();
  const started = suite.started;

  it('markArrived changes status only, with If-Match on the version read', async function () {
    await putResource(suite.server.baseUrl, richAppointment('u-arrive'));
    const before = await getResource(suite.server.baseUrl, 'Appointment/u-arrive');
    const { source } = await started();
    await source.markArrived('u-arrive');
    const after = await getResource(suite.server.baseUrl, 'Appointment/u-arrive');
    expect(after.status).to.equal('arrived');
    expectOnlyChanged(before, after, ['status']);
    const put = suite.server.requests.find((r) => r.method === 'PUT')!;
    expect(put.headers['if-match']).to.equal(`W/"${(before.meta as { versionId: string }).versionId}"`);
    suite.server.requests.length = 0;
    await source.markArrived('u-arrive');
    expect(
      suite.server.requests.map((r) => r.method),
      'already arrived: read, no write',
    ).to.deep.equal(['GET']);
  });

  it('recordVideoConsult sets the type and the link extension only (and the comment line when asked)', async function () {
    await putResource(suite.server.baseUrl, richAppointment('u-video'));
    const before = await getResource(suite.server.baseUrl, 'Appointment/u-video');
    const { source } = await started({ appendVideoUrlToComment: true });
    await source.recordVideoConsult('u-video', LINK);
    const after = await getResource(suite.server.baseUrl, 'Appointment/u-video');
    expectOnlyChanged(before, after, ['appointmentType', 'extension', 'comment']);
    expect(after.appointmentType).to.deep.equal({
      coding: [{ system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' }],
    });
    expect(after.extension).to.deep.equal([OTHER_EXTENSION, { url: AU_VIDEO_LINK_EXTENSION, valueUrl: LINK }]);
    expect(after.comment).to.equal(`Bring referral\nVideo URL: ${LINK}`);
    expect(after.status).to.equal('booked');

    suite.server.requests.length = 0;
    await source.recordVideoConsult('u-video', LINK);
    expect(
      suite.server.requests.map((r) => r.method),
      'same link again: no write',
    ).to.deep.equal(['GET']);
    const newer = `${LINK}&v=2`;
    await source.recordVideoConsult('u-video', newer);
    const again = await getResource(suite.server.baseUrl, 'Appointment/u-video');
    expect(again.extension).to.deep.equal([OTHER_EXTENSION, { url: AU_VIDEO_LINK_EXTENSION, valueUrl: newer }]);
  });

  it('takes the 412 path on a concurrent edit: reads again, re-applies, keeps the other edit', async function () {
    await putResource(suite.server.baseUrl, richAppointment('u-race'));
    const { source, instance } = await started();
    let raced = false;
    suite.server.beforeRequest = async (request) => {
      if (request.method !== 'PUT' || raced) return;
      raced = true; // reception edits the comment between our read and our write
      const current = await suite.server.repo.readResource('Appointment', 'u-race');
      await suite.server.repo.updateResource({ ...current, comment: 'Running late, called ahead' } as never);
    };
    await source.markArrived('u-race');
    const exchange = [...suite.server.requests];
    const after = await getResource(suite.server.baseUrl, 'Appointment/u-race');
    expect(after).to.include({ status: 'arrived', comment: 'Running late, called ahead' });
    expect(exchange.map((r) => r.method)).to.deep.equal(['GET', 'PUT', 'GET', 'PUT']);
    const [, firstPut, , secondPut] = exchange;
    expect(firstPut!.headers['if-match']).to.not.equal(secondPut!.headers['if-match']);
    expect((await instance.checkHealth!()).data).to.include({ conflicts: 1 });
  });

  it('reports ConflictError when the record keeps changing', async function () {
    await putResource(suite.server.baseUrl, richAppointment('u-busy'));
    const { source, instance } = await started({ conflictRetries: 2 });
    suite.server.beforeRequest = async (request) => {
      if (request.method !== 'PUT') return;
      const current = await suite.server.repo.readResource('Appointment', 'u-busy');
      await suite.server.repo.updateResource({ ...current, priority: Math.random() } as never);
    };
    await expectRejection(() => source.markArrived('u-busy'), ConflictError);
    expect(suite.server.requests.filter((r) => r.method === 'PUT')).to.have.length(3);
    expect((await getResource(suite.server.baseUrl, 'Appointment/u-busy')).status).to.equal('booked');
    expect((await instance.checkHealth!()).data).to.include({ lastErrorCode: 'CA_ERR_CONFLICT' });
  });

  it('falls back to one plain PUT on a server without versioning, and says so in health', async function () {
    const plain = await startFhirTestServer({ versioning: false });
    try {
      await putResource(plain.baseUrl, richAppointment('u-plain'));
      const { source, instance } = makeFhirPms({ baseUrl: plain.baseUrl });
      await instance.start!();
      plain.requests.length = 0;
      await source.markArrived('u-plain');
      expect((await getResource(plain.baseUrl, 'Appointment/u-plain')).status).to.equal('arrived');
      const puts = plain.requests.filter((r) => r.method === 'PUT');
      expect(puts).to.have.length(1);
      expect(puts[0]!.headers['if-match']).to.equal(undefined);
      const health = await instance.checkHealth!();
      expect(health.detail).to.contain('no versioning');
      expect(health.data).to.include({ unconditionalUpdates: 1 });
    } finally {
      await plain.close();
    }
  });
});
