import { expect } from 'chai';
import { incomingState, only, Scenario, sends, templates } from './fixtures.js';

/**
 * Issue 18: a phone with tomorrow's confirm question and today's screening question open. A YES
 * or NO could mean either: the reply may name the day; otherwise one clarifying text lists them.
 */

/** Monday 23 Nov 2026, 10:00: today's 12:00 screening question and Tuesday 9:30's confirm question. */
function twoQuestions(language?: string): Scenario {
  const s = Scenario.at('10:00');
  s.workflow = { ...s.workflow, confirm: { ask: true, onNo: 'reception' } };
  s.pms = { canConfirm: true, canCancel: true };
  return s
    .appointment('today', { at: '12:00', ...(language ? { language } : {}) })
    .withProgress('today', { screening: 'asked', screeningSentAt: 1 })
    .appointment('tomorrow', { at: '09:30', day: 1, ...(language ? { language } : {}) })
    .withProgress('tomorrow', { registrationSentAt: 1, confirm: 'asked' });
}

describe('workflow: which appointment a reply means (issue 18)', () => {
  it('YES with both open: one WhichAppointment text listing both by start, kept for reception; nothing acted on', () => {
    const s = twoQuestions();
    const decisions = s.incoming('YES');
    const decision = only(decisions);
    expect(decision.step).to.equal('which-appointment');
    expect(decision.appointmentId).to.equal(undefined);
    expect(decision.effects.map((e) => e.type)).to.deep.equal(['send', 'setIncomingState']);
    const send = only(sends(decisions));
    expect(send).to.include({ template: 'WhichAppointment', key: 'which-appointment:SM1' });
    expect(send.appointment).to.equal(undefined);
    expect(send.times).to.deep.equal({ choices: [s.find('today').startMs, s.find('tomorrow').startMs] });
    expect(incomingState(decisions)).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'unprocessed', reason: 'which-appointment' });
  });

  it('an answer naming the day settles it: YES TOMORROW confirms, no today answers the screening question', () => {
    const s = twoQuestions();
    const confirm = s.incoming('YES TOMORROW');
    expect(only(confirm)).to.include({ step: 'confirm-reply', appointmentId: 'tomorrow' });
    expect(templates(confirm)).to.deep.equal(['ConfirmThanks']);
    const screening = s.incoming('no today');
    expect(only(screening)).to.include({ step: 'screening-reply', appointmentId: 'today' });
    expect(templates(screening)).to.deep.equal(['ScreeningNoToVideo']);
  });

  it('the day may come first, and a weekday name (long or short) counts', () => {
    expect(only(twoQuestions().incoming('Tomorrow: yes')).appointmentId).to.equal('tomorrow');
    // 24 Nov 2026 is a Tuesday.
    expect(only(twoQuestions().incoming('yes tuesday')).appointmentId).to.equal('tomorrow');
    expect(only(twoQuestions().incoming('Tue - NO')).appointmentId).to.equal('tomorrow');
    expect(only(twoQuestions().incoming('yes monday')).appointmentId).to.equal('today');
  });

  it('a day with no open question, or a day with two, still gets the clarifying text', () => {
    expect(templates(twoQuestions().incoming('yes friday'))).to.deep.equal(['WhichAppointment']);
    const s = twoQuestions().appointment('today-2', { at: '12:30' }).withProgress('today-2', { screening: 'asked' });
    const decisions = s.incoming('yes today');
    expect(templates(decisions)).to.deep.equal(['WhichAppointment']);
    expect(only(sends(decisions)).times?.choices).to.deep.equal([s.find('today').startMs, s.find('today-2').startMs]);
  });

  it('in the patient language: es, vi, zh-Hans and ar', () => {
    const cases: Array<[string, string, string]> = [
      ['es', 'Sí mañana', 'tomorrow'],
      ['es', 'no, hoy', 'today'],
      ['vi', 'Có ngày mai', 'tomorrow'],
      ['vi', 'co ngay mai', 'tomorrow'],
      ['vi', 'không hôm nay', 'today'],
      ['zh-Hans', '是，明天', 'tomorrow'],
      ['zh-Hans', '今天 不是', 'today'],
      ['ar', 'نعم غداً', 'tomorrow'],
      ['ar', 'لا اليوم', 'today'],
    ];
    for (const [language, body, appointmentId] of cases) {
      expect(only(twoQuestions(language).incoming(body)).appointmentId, `${language}: ${body}`).to.equal(appointmentId);
    }
  });

  it('the clarifying text is written in the patients language when they share one', () => {
    expect(only(sends(twoQuestions('es').incoming('sí'))).language).to.equal('es');
    expect(only(sends(twoQuestions().incoming('yes'))).language).to.equal(undefined);
  });

  it('one open question: a plain YES needs no day, and a day that is not its own is unclear', () => {
    const s = Scenario.at('10:00');
    s.workflow = { ...s.workflow, confirm: { ask: true, onNo: 'reception' } };
    s.pms = { canConfirm: true, canCancel: true };
    s.appointment('tomorrow', { at: '09:30', day: 1 }).withProgress('tomorrow', { registrationSentAt: 1, confirm: 'asked' });
    expect(templates(s.incoming('yes tomorrow'))).to.deep.equal(['ConfirmThanks']);
    expect(templates(s.incoming('yes today'))).to.deep.equal(['ConfirmDontUnderstand']);
  });

  it('something to do today comes first for words that are not YES or NO', () => {
    const s = twoQuestions();
    s.withProgress('today', { screening: 'in-person' });
    expect(templates(s.incoming('arrived'))).to.deep.equal(['ArrivedThanks']);
    // A reply nobody can read goes to today's waiting appointment, as before.
    expect(templates(s.incoming('hello'))).to.deep.equal(['ArrivingDontUnderstand']);
  });

  it('two confirm questions and an unreadable reply: Unexpected, kept for reception (no guess which to flag)', () => {
    const s = Scenario.at('10:00');
    s.workflow = { ...s.workflow, confirm: { ask: true, onNo: 'reception' } };
    s.pms = { canConfirm: true, canCancel: true };
    s.appointment('a', { at: '09:30', day: 1 }).withProgress('a', { confirm: 'asked' });
    s.appointment('b', { at: '10:30', day: 2 }).withProgress('b', { confirm: 'asked' });
    expect(templates(s.incoming('hello'))).to.deep.equal(['Unexpected']);
    expect(templates(s.incoming('no'))).to.deep.equal(['WhichAppointment']);
    expect(only(s.incoming('no wednesday')).appointmentId).to.equal('b');
  });

  it('STOP with both questions open is an opt-out only', () => {
    for (const body of ['STOP', 'stop tomorrow', 'CANCEL']) {
      const decisions = twoQuestions().incoming(body);
      expect(
        decisions.flatMap((d) => d.effects.map((e) => e.type)),
        body,
      ).to.satisfy((types: string[]) => !types.includes('confirmInPms') && !types.includes('cancelInPms'));
    }
    expect(only(twoQuestions().incoming('STOP')).step).to.equal('opt-out');
  });
});
