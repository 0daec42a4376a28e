import { expect } from 'chai';
import { clinicInstant, clinicWall } from '../../web/src/pages/simulator/clinic-clock.js';

/** The simulator form's clinic wall clock: what reception types is clinic time, whatever the browser's zone. */
describe('simulator form clinic clock', () => {
  const zone = 'Australia/Melbourne';

  it('turns a clinic date and time into an instant with the offset of that day', () => {
    expect(clinicInstant({ date: '2026-11-23', time: '09:30' }, zone)).to.equal('2026-11-23T09:30:00+11:00');
    expect(clinicInstant({ date: '2026-06-01', time: '09:30' }, zone)).to.equal('2026-06-01T09:30:00+10:00');
    // Daylight saving starts at 02:00 on 4 October 2026: the morning before and after.
    expect(clinicInstant({ date: '2026-10-04', time: '01:30' }, zone)).to.equal('2026-10-04T01:30:00+10:00');
    expect(clinicInstant({ date: '2026-10-04', time: '09:00' }, zone)).to.equal('2026-10-04T09:00:00+11:00');
    expect(clinicInstant({ date: '2026-11-23', time: '09:30' }, 'America/New_York')).to.equal('2026-11-23T09:30:00-05:00');
  });

  it('reads an instant back as the clinic wall clock', () => {
    expect(clinicWall('2026-11-22T22:30:00Z', zone)).to.deep.equal({ date: '2026-11-23', time: '09:30' });
    expect(clinicWall(clinicInstant({ date: '2026-10-04', time: '09:00' }, zone)!, zone)).to.deep.equal({ date: '2026-10-04', time: '09:00' });
  });

  it('refuses a malformed date or time', () => {
    expect(clinicInstant({ date: '23/11/2026', time: '09:30' }, zone)).to.equal(undefined);
    expect(clinicInstant({ date: '2026-11-23', time: '' }, zone)).to.equal(undefined);
  });
});
