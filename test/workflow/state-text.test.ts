import { expect } from 'chai';
import { STATE_TEXTS, attentionOf, stateTextOf, type LastTextFacts } from '../../core/engine/state-text.js';
import { WORKFLOW_STATES, workflowStateOf } from '../../core/engine/workflow-state.js';
import { Scenario, TZ } from './fixtures.js';

/** The words reception sees for one appointment of the scenario. */
function words(s: Scenario, id: string, last?: LastTextFacts): string {
  const a = s.find(id);
  const progress = s.progress.get(id);
  return stateTextOf(workflowStateOf(a, progress, s.settings(), s.now, s.practitioners.get(a.practitioner.id)), progress, last, TZ);
}

describe('engine stateTextOf (the workflow state in words, Sydney clinic time)', () => {
  it('follows an in-person visit through the day, with times in clinic time', () => {
    const s = Scenario.at('07:30').appointment('a', { at: '12:00' });
    expect(words(s, 'a')).to.equal('not texted yet today');
    s.setTime('09:12');
    s.apply(s.scheduled());
    expect(words(s, 'a'), '09:12 Sydney is 22:12 UTC the day before').to.equal('asked about video 09:12, no answer yet');
    s.setTime('09:40');
    s.apply(s.incoming('no'));
    expect(words(s, 'a')).to.equal('coming in person, texted 09:12');
    s.setTime('10:02');
    s.apply(s.incoming('arrived'));
    expect(words(s, 'a')).to.equal('arrived by text 10:02');
    s.setTime('11:02').update('a', { status: 'fulfilled' });
    s.apply(s.scheduled());
    expect(words(s, 'a')).to.equal('doctor-ready text sent 11:02');
    s.setTime('13:00');
    expect(words(s, 'a')).to.equal('done');
  });

  it('follows a video consult: link sent, joined', () => {
    const s = Scenario.at('08:00').appointment('v', { at: '11:00' });
    s.apply(s.scheduled());
    s.apply(s.incoming('yes'));
    expect(words(s, 'v')).to.equal('video consult, link not sent yet');
    s.setTime('10:50');
    s.apply(s.scheduled());
    expect(words(s, 'v')).to.equal('video link sent 10:50');
    s.setTime('10:58');
    s.patientJoined.add('v');
    s.apply(s.scheduled());
    expect(words(s, 'v')).to.equal('joined the video 10:58');
  });

  it('names what reception sees without a text from us', () => {
    const s = Scenario.at('10:00')
      .appointment('staff', { at: '11:00', status: 'arrived' })
      .appointment('ignored', { at: '11:00', practitionerId: 'dr-x' })
      .practitioner('dr-x', { ignore: true })
      .appointment('no-mobile', { at: '11:00', phone: null })
      .appointment('cancelled', { at: '11:00', status: 'cancelled' });
    expect(words(s, 'staff')).to.equal('arrived (marked in the PMS)');
    expect(words(s, 'ignored')).to.equal('practitioner ignored: no texts');
    expect(words(s, 'no-mobile')).to.equal('no mobile number: no texts');
    expect(words(s, 'cancelled')).to.equal('cancelled');
  });

  it("puts a text that failed, is unknown or undelivered first, with our reason and never the provider's words", () => {
    const s = Scenario.at('09:00')
      .appointment('a', { at: '11:00' })
      .withProgress('a', { screening: 'asked', screeningSentAt: s0('08:00') });
    const invalid: LastTextFacts = { status: 'failed', error: "CA_ERR_INVALID_NUMBER: The 'To' number [number] is not a valid phone number <script>" };
    expect(words(s, 'a', invalid)).to.equal('text failed: number invalid');
    expect(words(s, 'a', { status: 'failed', error: 'CA_ERR_OPTED_OUT: 21610 unsubscribed' })).to.equal('text failed: patient opted out');
    expect(words(s, 'a', { status: 'failed', error: 'TypeError: boom' })).to.equal('text failed: not sent');
    expect(words(s, 'a', { status: 'unknown', error: 'CA_ERR_UNAVAILABLE: socket hang up' })).to.equal('text outcome unknown: did the patient get it?');
    expect(words(s, 'a', { status: 'sent', deliveryStatus: 'undelivered' })).to.equal('text not delivered: the phone did not receive it');
    expect(words(s, 'a', { status: 'retry' })).to.equal('text not sent yet, retrying');
    expect(words(s, 'a', { status: 'sent', deliveryStatus: 'delivered' })).to.equal('asked about video 08:00, no answer yet');
  });

  it('flags failed, unknown and undelivered texts for attention, nothing else', () => {
    expect(attentionOf({ status: 'failed' })).to.equal('failed');
    expect(attentionOf({ status: 'unknown' })).to.equal('unknown');
    expect(attentionOf({ status: 'sent', deliveryStatus: 'undelivered' })).to.equal('undelivered');
    expect(attentionOf({ status: 'sent', deliveryStatus: 'failed' })).to.equal('undelivered');
    for (const status of ['sent', 'pending', 'retry'] as const) expect(attentionOf({ status })).to.equal(undefined);
    expect(attentionOf(undefined)).to.equal(undefined);
  });

  it('has words for every workflow state in the one catalogue', () => {
    for (const state of WORKFLOW_STATES) expect(STATE_TEXTS, state).to.have.property(state);
  });
});

function s0(time: string): number {
  return Scenario.at(time).now;
}
