import { expect } from 'chai';
import { indexByPhone, startPass } from '../../core/engine/pass.js';
import { OTHER_PHONE, PHONE, Scenario } from './fixtures.js';

describe('engine phone index', () => {
  it('groups appointments with a mobile by number, sorted by start, skipping those without', () => {
    const s = Scenario.at('08:00')
      .appointment('late', { at: '15:00' })
      .appointment('early', { at: '09:00' })
      .appointment('other', { at: '10:00', phone: OTHER_PHONE })
      .appointment('none', { at: '10:00', phone: null });
    const index = indexByPhone(s.state().appointments);
    expect(index.get(PHONE)!.map((a) => a.id)).to.deep.equal(['early', 'late']);
    expect(index.get(OTHER_PHONE)!.map((a) => a.id)).to.deep.equal(['other']);
    expect(index.size).to.equal(2);
  });

  it('is built once per appointments array, and a prebuilt index can be handed to a pass', () => {
    const s = Scenario.at('08:00').appointment('a1', { at: '09:00' });
    const state = s.state();
    const index = indexByPhone(state.appointments);
    expect(indexByPhone(state.appointments)).to.equal(index);
    expect(indexByPhone(s.state().appointments)).to.not.equal(index);
    expect(startPass(state, s.settings()).byPhone).to.equal(index);
    const prebuilt = new Map();
    expect(startPass(s.state(), s.settings(), prebuilt).byPhone).to.equal(prebuilt);
  });
});
