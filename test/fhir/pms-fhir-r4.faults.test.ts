import type { Appointment } from '@medplum/fhirtypes';
import { expect } from 'chai';
import { remoteDetailOf } from '@clinic-arrivals/plugin-kit';
import { NotFoundError, NotReadyError, RateLimitedError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { DAY, EXPECTED_IDS, seedClinicDay } from './fhir-day-fixture.js';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';

const isSearch = (method: string, url: string) => method === 'GET' && url.includes('/Appointment?');
const isPut = (method: string) => method === 'PUT';

describe('pms-fhir-r4: faults between plugin and server', function () {
  let server: FhirTestServer;
  let proxy: FaultProxy;
  before(async function () {
    server = await startFhirTestServer();
    await seedClinicDay(server.baseUrl);
    proxy = await startFaultProxy(server.baseUrl);
  });
  after(async function () {
    await proxy.close();
    await server.close();
  });
  afterEach(function () {
    proxy.clear();
  });

  async function started(extra: Record<string, unknown> = {}) {
    const made = makeFhirPms({ baseUrl: proxy.url, pageSize: 3, ...extra });
    await made.instance.start!();
    return made;
  }
  const ids = (list: { appointments: Array<{ id: string }> }) => list.appointments.map((a) => a.id).sort();

  for (const [name, fault] of [
    ['a dropped connection', { kind: 'drop' }],
    ['a 500', { kind: 'status', status: 500 }],
    ['a 503', { kind: 'status', status: 503 }],
    ['a body that is not JSON', { kind: 'garbage' }],
    ['JSON that is not a Bundle', { kind: 'garbage', json: true }],
  ] as const) {
    it(`retries ${name} within the poll and returns the full day`, async function () {
      const { source, sleeps } = await started();
      proxy.failNext(fault, 2, isSearch);
      expect(ids(await source.listAppointments(DAY))).to.deep.equal([...EXPECTED_IDS].sort());
      expect(sleeps, 'two backoff waits').to.have.length(2);
    });
  }

  it('retries an answer slower than the timeout', async function () {
    const { source, sleeps } = await started({ timeoutMs: 400 });
    const before = proxy.seen.length;
    proxy.failNext({ kind: 'delay', ms: 3000 }, 2, isSearch);
    expect(ids(await source.listAppointments(DAY))).to.deep.equal([...EXPECTED_IDS].sort());
    expect(proxy.seen.slice(before).filter((s) => s.fault === 'delay')).to.have.length(2);
    // A loaded machine may time out a normal answer too: at least the two injected ones.
    expect(sleeps.length).to.be.at.least(2);
  });

  it('honours Retry-After on a 429', async function () {
    const { source, sleeps } = await started();
    proxy.failNext({ kind: 'status', status: 429, retryAfterSeconds: 2 }, 1, isSearch);
    expect(ids(await source.listAppointments(DAY))).to.deep.equal([...EXPECTED_IDS].sort());
    expect(sleeps).to.deep.equal([2000]);
  });

  it('retries a failure on a later page without starting over', async function () {
    const { source } = await started();
    proxy.failNext({ kind: 'status', status: 502 }, 1, (m, u) => isSearch(m, u) && u.includes('_offset=3'));
    const before = proxy.seen.length;
    expect(ids(await source.listAppointments(DAY))).to.deep.equal([...EXPECTED_IDS].sort());
    const searches = proxy.seen.slice(before).filter((s) => isSearch(s.method, s.url));
    expect(searches.map((s) => (s.url.includes('_offset=') ? new URL(s.url, 'http://x').searchParams.get('_offset') : '0'))).to.deep.equal([
      '0',
      '3',
      '3',
      '6',
    ]);
  });

  it("reports an outage by status and OperationOutcome code (the server's text only in remoteDetail), and the next poll works", async function () {
    const { source, instance, sleeps } = await started({ retries: 2 });
    proxy.failNext({ kind: 'status', status: 503, text: 'Database maintenance until 02:00' }, 3, isSearch);
    const error = await expectRejection(() => source.listAppointments(DAY), NotReadyError);
    // The server answered: a server error, not "unreachable".
    expect(error.code).to.equal('CA_ERR_PMS_SERVER');
    expect(error.message).to.equal(
      'FHIR server answered 503 (search Appointment): the server (or a gateway in front of it) is unavailable; OperationOutcome error/transient',
    );
    expect(remoteDetailOf(error)).to.equal('Database maintenance until 02:00');
    expect(sleeps).to.have.length(2);
    const down = await instance.checkHealth!();
    expect(down.status).to.equal('degraded');
    expect(down.detail).to.equal(`CA_ERR_PMS_SERVER: ${error.message}`);
    expect(down.data).to.include({ lastErrorCode: 'CA_ERR_PMS_SERVER' });

    expect(ids(await source.listAppointments(DAY))).to.deep.equal([...EXPECTED_IDS].sort());
    expect((await instance.checkHealth!()).data).to.include({ lastErrorCode: undefined });
  });

  it('gives up on a persistent 429 with RateLimitedError', async function () {
    const { source } = await started({ retries: 1 });
    proxy.failNext({ kind: 'status', status: 429, retryAfterSeconds: 1 }, 2, isSearch);
    await expectRejection(() => source.listAppointments(DAY), RateLimitedError);
  });

  it('retries a failed write; a write that landed but whose answer was lost is not applied twice', async function () {
    const { source } = await started();
    proxy.failNext({ kind: 'status', status: 500 }, 1, isPut);
    await source.markArrived('a-role');
    expect((await server.repo.readResource<Appointment>('Appointment', 'a-role')).status).to.equal('arrived');

    // The PUT lands but its answer is lost: the retry meets a 412, reads again, sees it done and stops.
    proxy.failNext({ kind: 'lose-answer' }, 1, isPut);
    const before = proxy.seen.length;
    await source.markArrived('a-landline');
    expect(proxy.seen.slice(before).map((s) => s.method)).to.deep.equal(['GET', 'PUT', 'PUT', 'GET']);
    const history = await server.repo.readHistory('Appointment', 'a-landline');
    expect(history.entry!.filter((e) => (e.resource as { status?: string }).status === 'arrived')).to.have.length(1);
  });

  it('maps 404 to NotFoundError without retrying', async function () {
    const { source, sleeps } = await started();
    await expectRejection(() => source.markArrived('no-such-appointment'), NotFoundError);
    expect(sleeps).to.deep.equal([]);
  });

  it('refuses to start with NotReadyError when the server is unreachable', async function () {
    const dead = await startFaultProxy(server.baseUrl);
    const url = dead.url;
    await dead.close();
    const { instance } = makeFhirPms({ baseUrl: url, retries: 1 });
    const error = await expectRejection(() => instance.start!(), NotReadyError);
    expect(error).to.be.instanceOf(UnreachableError);
  });
});
