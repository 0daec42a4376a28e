import { expect } from 'chai';
import { clinicCalendar, clinicDayStart, dayIndexOf, insideWindow, parseClockTime } from '../../core/engine/calendar.js';
import { local, Scenario, templates, TZ } from './fixtures.js';

describe('engine calendar', () => {
  it('clinicDayStart is clinic midnight, not UTC midnight', () => {
    // 00:30 in Sydney on the 24th is still the 23rd in UTC.
    expect(clinicDayStart(local('2026-11-24T00:30'), TZ)).to.equal(local('2026-11-24T00:00'));
    expect(new Date(local('2026-11-24T00:00')).toISOString()).to.equal('2026-11-23T13:00:00.000Z');
  });

  it('dayIndexOf places times in clinic days, across the DST change (a 25-hour day)', () => {
    // Sydney leaves DST on Sunday 2026-04-05 at 03:00: that day has 25 hours.
    const calendar = clinicCalendar(local('2026-04-04T10:00'), TZ, 2);
    expect(dayIndexOf(calendar, local('2026-04-04T23:59'))).to.equal(0);
    expect(dayIndexOf(calendar, local('2026-04-05T23:30'))).to.equal(1);
    expect(dayIndexOf(calendar, local('2026-04-06T00:10'))).to.equal(2);
    expect(dayIndexOf(calendar, local('2026-04-03T23:59'))).to.equal(-1);
    expect(dayIndexOf(calendar, local('2026-04-07T09:00'))).to.equal(Number.POSITIVE_INFINITY);
  });

  it('registration follows clinic days over the DST change', () => {
    const s = Scenario.at('2026-04-04T10:00').appointment('late-sunday', { at: '2026-04-05T23:30' });
    s.workflow.registrationDaysAhead = 1;
    expect(templates(s.scheduled())).to.deep.equal(['Registration']);
  });

  it('insideWindow handles normal, overnight and malformed windows', () => {
    expect(parseClockTime('08:00')).to.equal(480);
    expect(parseClockTime('8am')).to.equal(undefined);
    expect(insideWindow(7 * 60 + 59, { start: '08:00', end: '20:00' })).to.equal(false);
    expect(insideWindow(8 * 60, { start: '08:00', end: '20:00' })).to.equal(true);
    expect(insideWindow(20 * 60, { start: '08:00', end: '20:00' })).to.equal(false);
    expect(insideWindow(23 * 60, { start: '22:00', end: '06:00' })).to.equal(true);
    expect(insideWindow(12 * 60, { start: '22:00', end: '06:00' })).to.equal(false);
    expect(insideWindow(3 * 60, { start: 'nonsense', end: '06:00' })).to.equal(true);
  });

  it('reuses the day boundaries within a day and gets the clock right on a DST-change day', () => {
    const morning = clinicCalendar(local('2026-04-05T01:00'), TZ, 2);
    const later = clinicCalendar(local('2026-04-05T10:00'), TZ, 2);
    expect(later.dayStarts).to.equal(morning.dayStarts);
    expect(later.minuteOfDay).to.equal(600);
    expect(later.today).to.equal('2026-04-05');
    const nextDay = clinicCalendar(local('2026-04-06T10:30'), TZ, 2);
    expect(nextDay.today).to.equal('2026-04-06');
    expect(nextDay.dayStarts[0]).to.equal(local('2026-04-06T00:00'));
    expect(nextDay.minuteOfDay).to.equal(630);
    expect(clinicCalendar(local('2026-04-06T10:30'), 'Australia/Perth', 2).dayStarts[0]).to.equal(Date.parse('2026-04-06T00:00:00+08:00'));
  });
});
