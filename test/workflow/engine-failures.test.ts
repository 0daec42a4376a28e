import { expect } from 'chai';
import { describeEngineError } from '../../core/engine/failures.js';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { PHONE, OTHER_PHONE, Scenario, sends, templates } from './fixtures.js';

/*
 * One appointment the engine cannot decide for is skipped and reported beside the decisions
 * (`pass.failures`): the others go on, and the runtime can log, count and show it.
 */
describe('engine: an appointment that throws is reported, the others go on', () => {
  it('a practitioner record whose room is not text: DoctorReady throws for that appointment only', () => {
    const s = Scenario.at('10:58')
      .appointment('bad-room', { at: '11:00', status: 'fulfilled', practitionerId: 'dr-b' })
      .withProgress('bad-room', { screening: 'in-person', arrivedAt: 1, arrivedBy: 'text', lastStatus: 'arrived' })
      .appointment('fine', { at: '11:00', status: 'fulfilled', phone: OTHER_PHONE })
      .withProgress('fine', { screening: 'in-person', arrivedAt: 1, arrivedBy: 'text', lastStatus: 'arrived' })
      .practitioner('dr-a', { room: 'room 7' })
      // As a store row written by hand or an older version could hold it.
      .practitioner('dr-b', { room: 7 as unknown as string });
    const pass = s.pass();
    const decisions = s.scheduled(pass);
    expect(sends(decisions).map((e) => [e.template, e.appointment?.id])).to.deep.equal([['DoctorReady', 'fine']]);
    expect(pass.failures).to.have.length(1);
    expect(pass.failures[0]).to.include({ phase: 'scheduled', appointmentId: 'bad-room', step: 'plan-step', error: 'TypeError' });
    expect(pass.failures[0]!.cause).to.be.instanceOf(TypeError);
  });

  it('the failure names the step and the error class, never the message (which may quote the record)', () => {
    const s = Scenario.at('10:00').appointment('poisoned', { at: '09:00', day: 1 }).appointment('fine', { at: '10:00', day: 1 });
    Object.defineProperty(s.find('poisoned'), 'status', {
      get() {
        throw new Error('Patient Pat Smith +61411000001');
      },
    });
    const pass = s.pass();
    expect(sends(s.scheduled(pass)).map((e) => e.appointment?.id)).to.deep.equal(['fine']);
    expect(pass.failures.map(({ cause: _cause, ...rest }) => rest)).to.deep.equal([
      { phase: 'scheduled', appointmentId: 'poisoned', step: 'pms-sync', error: 'Error' },
    ]);
    expect(JSON.stringify(pass.failures.map(({ cause: _cause, ...rest }) => rest))).to.not.match(/Pat|6141/);
  });

  it('a pass where nothing throws reports no failures', () => {
    const s = Scenario.at('10:00').appointment('a1', { at: '09:00', day: 1 });
    const pass = s.pass();
    expect(templates(s.scheduled(pass))).to.deep.equal(['Registration']);
    expect(templates(s.incoming('HELP', PHONE, pass))).to.deep.equal(['Help']);
    expect(pass.failures).to.deep.equal([]);
  });

  it('a reply: the appointment that throws is left out and reported with the message id; the reply is decided from the others', () => {
    const s = Scenario.at('09:30').appointment('poisoned', { at: '10:00' }).appointment('fine', { at: '11:00' });
    Object.defineProperty(s.find('poisoned'), 'status', {
      get() {
        throw new ConfigError('no such status for Pat Smith', 'x');
      },
    });
    const pass = s.pass();
    const decisions = s.incoming('arrived', PHONE, pass);
    expect(templates(decisions)).to.deep.equal(['ArrivedThanks']);
    expect(decisions[0]).to.include({ step: 'arrival', appointmentId: 'fine' });
    expect(pass.failures.map(({ cause: _cause, ...rest }) => rest)).to.deep.equal([
      { phase: 'incoming', appointmentId: 'poisoned', messageId: 'SM1', step: 'pms-sync', error: 'ConfigError CA_ERR_CONFIG' },
    ]);
  });

  it('describeEngineError: class name and typed code only', () => {
    expect(describeEngineError(new TypeError("Cannot read properties of undefined (reading 'Pat Smith')"))).to.equal('TypeError');
    expect(describeEngineError(new ConfigError('bad value +61411000001', 'k'))).to.equal('ConfigError CA_ERR_CONFIG');
    const odd = new Error('x');
    odd.name = 'Pat Smith';
    expect(describeEngineError(odd)).to.equal('Error');
    expect(describeEngineError('Pat Smith')).to.equal('thrown string');
    expect(describeEngineError(null)).to.equal('thrown null');
  });
});
