import { expect } from 'chai';
import { replyUnclearOpen } from '../../core/engine/confirm-plan.js';
import { nextStepOf } from '../../core/engine/next-step.js';
import type { ConfirmSettings } from '../../core/engine/workflow-settings.js';
import { effectsOf, effectTypes, incomingState, only, savedPatch, Scenario, sends, templates } from './fixtures.js';

/** Issue 18: the Registration text asks to confirm or cancel; the reply is carried out once. */

function clinic(confirm: Partial<ConfirmSettings> = {}, pms = { canConfirm: true, canCancel: true }): Scenario {
  const s = Scenario.at('10:00');
  s.workflow = { ...s.workflow, confirm: { ask: true, onNo: 'reception', ...confirm } };
  s.pms = pms;
  return s;
}

/** Tomorrow's 9:30 appointment whose confirm question is out. */
function asked(confirm: Partial<ConfirmSettings> = {}, pms = { canConfirm: true, canCancel: true }): Scenario {
  return clinic(confirm, pms).appointment('tomorrow', { at: '09:30', day: 1 }).withProgress('tomorrow', { registrationSentAt: 1, confirm: 'asked' });
}

describe('workflow: confirm or cancel by reply (issue 18)', () => {
  describe('the question', () => {
    it('the Registration text asks to confirm when the clinic asks and the PMS can record it', () => {
      const s = clinic().appointment('a', { at: '09:30', day: 1 });
      const decisions = s.scheduled();
      expect(only(sends(decisions))).to.include({ template: 'RegistrationConfirm', key: `a:registration:${s.find('a').start}` });
      expect(savedPatch(decisions, 'a')).to.include({ registrationSentAt: s.now, confirm: 'asked' });
    });

    it('asks nothing when the clinic does not ask (the default) or the PMS cannot record a confirmation', () => {
      const off = Scenario.at('10:00').appointment('a', { at: '09:30', day: 1 });
      off.pms = { canConfirm: true, canCancel: true };
      expect(templates(off.scheduled())).to.deep.equal(['Registration']);
      const noPms = clinic({}, { canConfirm: false, canCancel: true }).appointment('a', { at: '09:30', day: 1 });
      expect(templates(noPms.scheduled())).to.deep.equal(['Registration']);
      expect(savedPatch(noPms.scheduled(), 'a')?.confirm).to.equal(undefined);
    });

    it('asks once: an answer survives a move to another day, and the new Registration text asks nothing', () => {
      const s = clinic().appointment('a', { at: '09:30', day: 1 }).withProgress('a', { registrationSentAt: 1, confirm: 'confirmed', confirmAnsweredAt: 1 });
      s.update('a', { at: '11:00', day: 2 });
      const decisions = s.scheduled();
      expect(templates(decisions)).to.deep.equal(['Registration']);
      expect(savedPatch(decisions, 'a')?.confirm).to.equal(undefined);
      s.apply(decisions);
      expect(s.progress.get('a')?.confirm).to.equal('confirmed');
    });

    it('an unanswered question moved to another day is asked again for the new day', () => {
      const s = clinic().appointment('a', { at: '09:30', day: 1 }).withProgress('a', { registrationSentAt: 1, confirm: 'asked' });
      s.update('a', { at: '11:00', day: 2 });
      expect(templates(s.scheduled())).to.deep.equal(['RegistrationConfirm']);
    });
  });

  describe('the answer', () => {
    it('YES: recorded first, then the PMS records the confirmation, then thanks', () => {
      const s = asked();
      const decisions = s.incoming('Yes!');
      const decision = only(decisions);
      expect(decision).to.include({ step: 'confirm-reply', appointmentId: 'tomorrow' });
      expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'confirmInPms', 'send', 'setIncomingState']);
      const [record, confirm, send, state] = decision.effects;
      expect(record).to.deep.include({ type: 'saveProgress', appointmentId: 'tomorrow' });
      expect((record as { patch: object }).patch).to.deep.include({ confirm: 'confirmed', confirmAnsweredAt: s.now, replyUnclearAt: undefined });
      expect(confirm).to.deep.include({ type: 'confirmInPms', confirmedAt: new Date(s.now).toISOString() });
      expect(send).to.include({ template: 'ConfirmThanks', key: `tomorrow:confirm-reply:${s.find('tomorrow').start}` });
      expect(state).to.deep.equal({ type: 'setIncomingState', messageId: 'SM1', state: 'handled', appointmentId: 'tomorrow' });
    });

    it('NO with onNo reception (the default): recorded as wants-cancel, CancelRequested, kept in the inbox with the appointment', () => {
      const s = asked();
      const decisions = s.incoming('no');
      expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'send', 'setIncomingState']);
      expect(savedPatch(decisions, 'tomorrow')).to.include({ confirm: 'wants-cancel', confirmAnsweredAt: s.now });
      expect(templates(decisions)).to.deep.equal(['CancelRequested']);
      expect(incomingState(decisions)).to.deep.equal({
        type: 'setIncomingState',
        messageId: 'SM1',
        state: 'unprocessed',
        reason: 'wants-cancel',
        appointmentId: 'tomorrow',
      });
      expect(effectTypes(decisions)).not.to.include('cancelInPms');
    });

    it('NO with onNo cancel: recorded, the PMS cancels, the Cancellation text under the scheduled key, marked cancelled', () => {
      const s = asked({ onNo: 'cancel' });
      const decisions = s.incoming('N');
      expect(only(decisions).step).to.equal('cancel');
      expect(effectTypes(decisions)).to.deep.equal(['saveProgress', 'cancelInPms', 'send', 'saveProgress', 'setIncomingState']);
      const saves = effectsOf(decisions).filter((e) => e.type === 'saveProgress');
      expect((saves[0] as { patch: object }).patch).to.deep.include({ confirm: 'cancel', confirmAnsweredAt: s.now });
      expect((saves[1] as { patch: object }).patch).to.deep.include({ confirm: 'cancelled', cancellationSentAt: s.now });
      expect(only(sends(decisions))).to.include({ template: 'Cancellation', key: `tomorrow:cancellation:${s.find('tomorrow').start}` });
      expect(incomingState(decisions)).to.include({ state: 'handled' });
    });

    it('NO with onNo cancel but a PMS that cannot cancel goes to reception', () => {
      const s = asked({ onNo: 'cancel' }, { canConfirm: true, canCancel: false });
      expect(templates(s.incoming('no'))).to.deep.equal(['CancelRequested']);
    });

    it('anything else: ConfirmDontUnderstand (once per message), flagged reply unclear, kept for reception', () => {
      const s = asked();
      const decisions = s.incoming('Which doctor is it?');
      expect(only(sends(decisions))).to.include({ template: 'ConfirmDontUnderstand', key: `tomorrow:confirm-reply:${s.find('tomorrow').start}:SM1` });
      expect(savedPatch(decisions, 'tomorrow')).to.include({ replyUnclearAt: s.now });
      expect(incomingState(decisions)).to.include({ state: 'unprocessed', reason: 'reply-unclear', appointmentId: 'tomorrow' });
      s.apply(decisions);
      // A clear answer afterwards settles it and clears the flag.
      const yes = s.incoming('yes');
      expect(templates(yes)).to.deep.equal(['ConfirmThanks']);
      s.apply(yes);
      expect(s.progress.get('tomorrow')?.replyUnclearAt).to.equal(undefined);
    });

    it('after an answer nothing is open: a second YES or NO is no answer to anything', () => {
      const s = asked();
      s.apply(s.incoming('yes'));
      expect(templates(s.incoming('no'))).to.deep.equal(['Unexpected']);
      expect(effectTypes(s.incoming('yes'))).not.to.include('confirmInPms');
    });

    it('a question out while the clinic stopped asking (or lost the PMS write) is not answered', () => {
      const s = asked();
      s.workflow = { ...s.workflow, confirm: { ask: false, onNo: 'reception' } };
      expect(templates(s.incoming('yes'))).to.deep.equal(['Unexpected']);
    });

    it('a cancelled or moved-on appointment has no open question', () => {
      const s = asked();
      s.update('tomorrow', { status: 'cancelled' });
      expect(effectTypes(s.incoming('yes'))).not.to.include('confirmInPms');
    });
  });

  describe('STOP and CANCEL at every stage', () => {
    const stages = ['asked', 'confirmed', 'wants-cancel', 'cancel', 'cancelled'] as const;
    for (const stage of stages) {
      for (const word of ['STOP', 'Cancel', 'unsubscribe']) {
        it(`${word} with the confirm ${stage}: an opt-out, never a cancel`, () => {
          const s = clinic({ onNo: 'cancel' })
            .appointment('tomorrow', { at: '09:30', day: 1 })
            .withProgress('tomorrow', { registrationSentAt: 1, confirm: stage });
          const decisions = s.incoming(word);
          expect(effectTypes(decisions)).to.deep.equal(['setOptOut', 'setIncomingState']);
        });
      }
    }

    it('YES from an opted-out number opts it back in and confirms nothing', () => {
      const s = asked();
      s.optedOut.add('+61411000001');
      const decisions = s.incoming('yes');
      expect(only(decisions).step).to.equal('opt-in');
      expect(effectTypes(decisions)).not.to.include('confirmInPms');
    });
  });

  describe("a recorded cancel (reception's one-click cancel, or a NO cut short)", () => {
    it('a visit still booked: the PMS cancels, then the Cancellation text, marked cancelled', () => {
      const s = clinic().appointment('a', { at: '09:30', day: 1 }).withProgress('a', { registrationSentAt: 1, confirm: 'cancel' });
      const decisions = s.scheduled();
      expect(only(decisions).step).to.equal('cancel');
      expect(effectTypes(decisions)).to.deep.equal(['cancelInPms', 'send', 'saveProgress']);
      expect(only(sends(decisions))).to.include({ template: 'Cancellation', key: `a:cancellation:${s.find('a').start}` });
      expect(savedPatch(decisions, 'a')).to.include({ confirm: 'cancelled', cancellationSentAt: s.now });
    });

    it('outside sending hours: the PMS cancels now, the text waits for the morning', () => {
      const s = clinic().appointment('a', { at: '09:30', day: 1 }).withProgress('a', { registrationSentAt: 1, confirm: 'cancel' });
      s.setTime('21:00');
      const night = s.scheduled();
      expect(effectTypes(night)).to.deep.equal(['cancelInPms', 'saveProgress']);
      expect(savedPatch(night, 'a')?.confirm).to.equal(undefined);
      s.apply(night).update('a', { status: 'cancelled' });
      expect(effectTypes(s.scheduled())).to.deep.equal(['saveProgress']);
      s.setTime(`${s.date(1)}T08:00`);
      expect(templates(s.scheduled())).to.deep.equal(['Cancellation']);
    });

    it('the PMS shows it cancelled already: just the Cancellation text (cancellation texts off or on), never a second', () => {
      for (const cancellationMessages of [false, true]) {
        const s = clinic().appointment('a', { at: '09:30', day: 1, status: 'cancelled' }).withProgress('a', { registrationSentAt: 1, confirm: 'cancel' });
        s.workflow = { ...s.workflow, cancellationMessages };
        const decisions = s.scheduled();
        expect(templates(decisions)).to.deep.equal(['Cancellation']);
        expect(effectTypes(decisions)).not.to.include('cancelInPms');
        s.apply(decisions);
        expect(s.progress.get('a')?.confirm).to.equal('cancelled');
        expect(templates(s.scheduled())).to.deep.equal([]);
      }
    });

    it('the Cancellation text already went (a NO cut short after its text): marked cancelled, nothing sent', () => {
      const s = clinic()
        .appointment('a', { at: '09:30', day: 1, status: 'cancelled' })
        .withProgress('a', { registrationSentAt: 1, confirm: 'cancel', cancellationSentAt: 5 });
      s.workflow = { ...s.workflow, cancellationMessages: true };
      const decisions = s.scheduled();
      expect(templates(decisions)).to.deep.equal([]);
      expect(savedPatch(decisions, 'a')).to.include({ confirm: 'cancelled' });
    });

    it('a NO carried out by reply, then the poll sees it cancelled: no second Cancellation text', () => {
      const s = asked({ onNo: 'cancel' });
      s.workflow = { ...s.workflow, cancellationMessages: true };
      s.apply(s.incoming('no')).update('tomorrow', { status: 'cancelled' });
      expect(templates(s.scheduled())).to.deep.equal([]);
    });

    it('a visit past arrival is left alone: the patient came after all', () => {
      const s = clinic().appointment('a', { at: '11:00', status: 'arrived' }).withProgress('a', { confirm: 'cancel' });
      expect(effectTypes(s.scheduled())).not.to.include('cancelInPms');
    });
  });
});

describe("workflow: reception's next-step column with confirm by reply", () => {
  it('names RegistrationConfirm when the Registration text will ask', () => {
    const s = Scenario.at('10:00').appointment('a', { at: '09:30', day: 1 });
    s.workflow = { ...s.workflow, confirm: { ask: true, onNo: 'reception' } };
    s.pms = { canConfirm: true, canCancel: false };
    expect(nextStepOf(s.find('a'), undefined, s.settings(), s.now)?.template).to.equal('RegistrationConfirm');
    s.pms = undefined;
    expect(nextStepOf(s.find('a'), undefined, s.settings(), s.now)?.template).to.equal('Registration');
  });
});

describe('workflow: the reply-unclear flag', () => {
  it('counts only while the question is open', () => {
    expect(replyUnclearOpen({ appointmentId: 'a', confirm: 'asked', replyUnclearAt: 5 })).to.equal(true);
    expect(replyUnclearOpen({ appointmentId: 'a', confirm: 'confirmed', replyUnclearAt: 5 })).to.equal(false);
    expect(replyUnclearOpen({ appointmentId: 'a', confirm: 'asked' })).to.equal(false);
    expect(replyUnclearOpen(undefined)).to.equal(false);
  });
});
