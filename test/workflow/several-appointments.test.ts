import { expect } from 'chai';
import { incomingState, only, Scenario, sends, templates } from './fixtures.js';

/** Step 9: one phone, several appointments today (families, carers). */
describe('workflow: several appointments on one phone (step 9)', () => {
  /** Mum's phone: child 1 awaiting a screening answer, child 2 in person, child 3 invited to video. */
  const family = () =>
    Scenario.at('10:52')
      .appointment('screening', { at: '12:00' })
      .withProgress('screening', { screening: 'asked', screeningSentAt: 1 })
      .appointment('in-person', { at: '11:30' })
      .withProgress('in-person', { screening: 'in-person' })
      .appointment('video', { at: '11:00' })
      .withProgress('video', { screening: 'video', videoInviteSentAt: 2 });

  it('YES goes to the one awaiting a screening answer', () => {
    const decisions = family().incoming('yes');
    expect(only(decisions).appointmentId).to.equal('screening');
    expect(templates(decisions)).to.deep.equal(['ScreeningYesToVideo']);
  });

  it('JOINED goes to the invited video consult', () => {
    const decisions = family().incoming('joined');
    expect(only(decisions).appointmentId).to.equal('video');
    expect(templates(decisions)).to.deep.equal(['VideoThanks']);
  });

  it('ARRIVED goes to the earliest booked in-person one (an open screening counts as in person)', () => {
    const s = family();
    const first = s.incoming('arrived');
    expect(only(first).appointmentId).to.equal('in-person');
    s.apply(first);
    const second = s.incoming('arrived');
    expect(only(second).appointmentId).to.equal('screening');
    expect(templates(second)).to.deep.equal(['ArrivedThanks']);
  });

  it('an unrecognised word with several appointments waiting → TooManyAppointments, unprocessed', () => {
    const decisions = family().incoming('hello');
    expect(only(decisions).step).to.equal('too-many-appointments');
    expect(only(decisions).appointmentId).to.equal(undefined);
    expect(only(sends(decisions))).to.include({ template: 'TooManyAppointments', key: 'too-many-appointments:SM1' });
    expect(incomingState(decisions)).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'unprocessed', reason: 'too-many-appointments' });
  });

  it('two appointments awaiting a screening answer make YES ambiguous: one text lists both, kept for reception', () => {
    const s = family().appointment('screening-2', { at: '12:15' }).withProgress('screening-2', { screening: 'asked' });
    const decisions = s.incoming('no');
    expect(only(decisions).step).to.equal('which-appointment');
    expect(only(sends(decisions))).to.deep.include({ template: 'WhichAppointment', key: 'which-appointment:SM1' });
    expect(only(sends(decisions)).times).to.deep.equal({ choices: [s.find('screening').startMs, s.find('screening-2').startMs] });
    expect(incomingState(decisions)).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'unprocessed', reason: 'which-appointment' });
  });

  it('two invited video consults make JOINED ambiguous', () => {
    const s = family().appointment('video-2', { at: '11:00' }).withProgress('video-2', { screening: 'video', videoInviteSentAt: 3 });
    expect(templates(s.incoming('ok'))).to.deep.equal(['TooManyAppointments']);
  });

  it('two in-person appointments at the same earliest time make ARRIVED ambiguous', () => {
    const s = family().appointment('twin', { at: '11:30' }).withProgress('twin', { screening: 'in-person' });
    expect(templates(s.incoming('arrived'))).to.deep.equal(['TooManyAppointments']);
  });

  it("a word for a step nobody waits for goes to the single waiting appointment as a don't-understand", () => {
    const s = Scenario.at('10:52')
      .appointment('done', { at: '09:00' })
      .withProgress('done', { screening: 'in-person', arrivedAt: 1 })
      .appointment('video', { at: '11:00' })
      .withProgress('video', { screening: 'video', videoInviteSentAt: 2 })
      .appointment('cancelled', { at: '12:00', status: 'cancelled' });
    const decisions = s.incoming('yes');
    expect(only(decisions).appointmentId).to.equal('video');
    expect(templates(decisions)).to.deep.equal(['VideoDontUnderstand']);
  });

  it("other numbers' appointments never count", () => {
    const s = Scenario.at('10:52')
      .appointment('mine', { at: '11:00' })
      .withProgress('mine', { screening: 'asked' })
      .appointment('theirs', { at: '11:00', phone: '+61411999999' })
      .withProgress('theirs', { screening: 'asked' });
    expect(only(s.incoming('yes')).appointmentId).to.equal('mine');
  });
});
