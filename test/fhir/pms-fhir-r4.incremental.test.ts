import { expect } from 'chai';
import type { AppointmentListing } from '@clinic-arrivals/plugin-kit';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { DAY } from './fhir-day-fixture.js';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { putResource } from './fhir-seed.js';
import { clinicAppointment, seedTwoClinics } from './fhir-two-clinics-fixture.js';

const MINUTE = 60_000;
const paramsOf = (url: string) => new URLSearchParams(url.split('?')[1]);
const byId = (listing: AppointmentListing) => Object.fromEntries(listing.appointments.map((a) => [a.id, a.status]));

describe('pms-fhir-r4: incremental polling', function () {
  let server: FhirTestServer;
  beforeEach(async function () {
    server = await startFhirTestServer();
    await seedTwoClinics(server);
  });
  afterEach(async function () {
    await server.close();
  });

  async function northClinic(options: Record<string, unknown> = {}) {
    const made = makeFhirPms({ baseUrl: server.baseUrl, filters: { location: ['loc-north'] }, ...options });
    await made.instance.start!();
    return made;
  }

  /** One poll; the Appointment searches it sent. */
  async function poll(source: Awaited<ReturnType<typeof northClinic>>['source']) {
    server.requests.length = 0;
    const listing = await source.listAppointments(DAY);
    return { listing, searches: server.requests.filter((r) => r.url.startsWith('Appointment?')) };
  }

  it('between full reads asks only for changes, with the filters, and merges them: status change, moves into and out of the day, a new booking, a cancellation', async function () {
    const { source, clock, instance } = await northClinic();
    const first = await poll(source);
    expect(byId(first.listing)).to.deep.equal({ 'n-0900': 'booked', 'n-1000': 'booked', 'n-1100': 'booked' });
    expect(paramsOf(first.searches[0]!.url).getAll('date')).to.have.length(2);

    await putResource(server.baseUrl, clinicAppointment('n-0900', 'north', '2026-11-23T09:00:00+11:00', { status: 'arrived' }));
    await putResource(server.baseUrl, clinicAppointment('n-1000', 'north', '2026-11-25T10:00:00+11:00'));
    await putResource(server.baseUrl, clinicAppointment('n-tomorrow', 'north', '2026-11-23T15:00:00+11:00'));
    await putResource(server.baseUrl, clinicAppointment('n-new', 'north', '2026-11-23T16:00:00+11:00'));
    await putResource(server.baseUrl, clinicAppointment('n-1100', 'north', '2026-11-23T11:00:00+11:00', { status: 'cancelled' }));
    // Another clinic's change is not this clinic's business.
    await putResource(server.baseUrl, clinicAppointment('s-new', 'south', '2026-11-23T12:00:00+11:00'));

    clock.advance(MINUTE);
    const second = await poll(source);
    expect(byId(second.listing)).to.deep.equal({ 'n-0900': 'arrived', 'n-1100': 'cancelled', 'n-tomorrow': 'booked', 'n-new': 'booked' });
    expect(second.listing.appointments.find((a) => a.id === 'n-tomorrow')!.start).to.equal('2026-11-23T15:00:00+11:00');
    expect(second.searches, 'one change query').to.have.length(1);
    const changes = paramsOf(second.searches[0]!.url);
    expect(changes.get('_lastUpdated')).to.match(/^gt\d{4}-/);
    expect(changes.get('location')).to.equal('Location/loc-north');
    expect(changes.has('date'), 'no date: a visit moved to another day must come back to be dropped').to.equal(false);

    // The merged listing is what a full read gives.
    const fresh = await northClinic();
    expect(byId((await poll(fresh.source)).listing)).to.deep.equal(byId(second.listing));
    expect((await instance.checkHealth!()).data).to.deep.include({ lastPollKind: 'changes', readsChangesOnly: true });
  });

  it('starts each change query the overlap before the previous answer, so a write that committed late is not lost', async function () {
    const withOverlap = await northClinic();
    const withoutOverlap = await northClinic({ overlapSeconds: 0 });
    await poll(withOverlap.source);
    await poll(withoutOverlap.source);

    // Stamped some 5 s before the last answer (whose Date header is whole seconds), visible only
    // now: its transaction committed late.
    await putResource(server.baseUrl, clinicAppointment('n-1000', 'north', '2026-11-23T10:00:00+11:00', { status: 'arrived' }));
    server.stampLastUpdated('Appointment/n-1000', Date.now() - 6_000);

    withOverlap.clock.advance(MINUTE);
    withoutOverlap.clock.advance(MINUTE);
    const caught = await poll(withOverlap.source);
    const missed = await poll(withoutOverlap.source);
    expect(byId(caught.listing)['n-1000']).to.equal('arrived');
    expect(byId(missed.listing)['n-1000'], 'without overlap the late write is missed until the next full read').to.equal('booked');
    const cutOff = (s: typeof caught) => Date.parse(paramsOf(s.searches[0]!.url).get('_lastUpdated')!.slice(2));
    expect(cutOff(missed) - cutOff(caught)).to.be.within(59_000, 61_000);
  });

  it('reads the whole day again every fullReadMinutes; a deleted appointment goes only then', async function () {
    const { source, clock } = await northClinic({ fullReadMinutes: 15 });
    await poll(source);
    const deleted = await fetch(`${server.baseUrl}/Appointment/n-1100`, { method: 'DELETE' });
    expect(deleted.ok).to.equal(true);

    clock.advance(14 * MINUTE);
    const changesOnly = await poll(source);
    expect(paramsOf(changesOnly.searches[0]!.url).has('_lastUpdated')).to.equal(true);
    expect(byId(changesOnly.listing), 'a change query cannot see a deletion').to.have.property('n-1100');

    clock.advance(MINUTE);
    const full = await poll(source);
    expect(paramsOf(full.searches[0]!.url).has('_lastUpdated')).to.equal(false);
    expect(paramsOf(full.searches[0]!.url).getAll('date')).to.have.length(2);
    expect(byId(full.listing)).not.to.have.property('n-1100');
  });

  it('reads the whole day instead when a change query would stop at maxPages', async function () {
    const { source, clock } = await northClinic({ pageSize: 2, maxPages: 2 });
    await poll(source);
    for (const [id, hour] of [
      ['n-a', 12],
      ['n-b', 13],
      ['n-c', 14],
      ['n-d', 15],
      ['n-e', 16],
    ] as const) {
      await putResource(server.baseUrl, clinicAppointment(id, 'north', `2026-11-23T${hour}:00:00+11:00`));
    }
    clock.advance(MINUTE);
    const { listing, searches } = await poll(source);
    const kinds = searches.map((r) => (paramsOf(r.url).has('_lastUpdated') ? 'changes' : paramsOf(r.url).has('date') ? 'full' : 'next'));
    expect(kinds[0]).to.equal('changes');
    expect(kinds).to.include('full');
    expect(listing.appointments).to.have.length(4, 'what the two full pages hold (maxPages applies to full reads as before)');
  });

  it('reads the whole day every poll when the CapabilityStatement does not list _lastUpdated, and health says so', async function () {
    await server.close();
    server = await startFhirTestServer({
      capability: (statement) => {
        const appointment = statement.rest![0]!.resource!.find((r) => r.type === 'Appointment')!;
        appointment.searchParam = appointment.searchParam!.filter((p) => p.name !== '_lastUpdated');
        return statement;
      },
    });
    await seedTwoClinics(server);
    const { source, clock, instance } = await northClinic();
    for (let i = 0; i < 3; i++) {
      const { searches } = await poll(source);
      expect(searches).to.have.length(1);
      expect(paramsOf(searches[0]!.url).has('_lastUpdated')).to.equal(false);
      expect(paramsOf(searches[0]!.url).get('location')).to.equal('Location/loc-north');
      clock.advance(MINUTE);
    }
    const health = await instance.checkHealth!();
    expect(health.detail).to.contain('does not list _lastUpdated');
    expect(health.data).to.deep.include({ lastPollKind: 'full', readsChangesOnly: false });
  });

  it('takes _lastUpdated from the server-wide search parameters too', async function () {
    await server.close();
    server = await startFhirTestServer({
      capability: (statement) => {
        const rest = statement.rest![0]!;
        const appointment = rest.resource!.find((r) => r.type === 'Appointment')!;
        appointment.searchParam = appointment.searchParam!.filter((p) => p.name !== '_lastUpdated');
        rest.searchParam = [{ name: '_lastUpdated', type: 'date' }];
        return statement;
      },
    });
    await seedTwoClinics(server);
    const { source, clock } = await northClinic();
    await poll(source);
    clock.advance(MINUTE);
    const { searches } = await poll(source);
    expect(paramsOf(searches[0]!.url).has('_lastUpdated')).to.equal(true);
  });
});
