import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../../core/config/types.js';
import { prepareAppointments } from '../../core/engine/prepare.js';
import { buildEngineSettings } from '../../core/engine/settings.js';
import { defaultWorkflow, TZ } from './fixtures.js';

function config(workflow = defaultWorkflow()): HostConfig {
  const plugin = { use: 'none', options: {} };
  return {
    source: { file: '/clinic/clinicarrivals.config.yaml', dir: '/clinic' },
    clinic: { name: 'Harbour Clinic', timeZone: TZ, region: 'AU', locale: 'en-AU' },
    pms: plugin,
    sms: plugin,
    inbox: plugin,
    video: { ...plugin, maxGuests: 2, verifyJoin: false, joinCodeMinutes: 15 },
    workflow,
    templates: {},
    store: { use: 'sqlite', path: './data.sqlite', poolMax: 10, retentionDays: 30 },
    api: { host: '127.0.0.1', port: 0 },
    logging: { level: 'silent' },
    demo: false,
  };
}

function appointment(id: string, patch: Partial<Appointment> = {}): Appointment {
  return {
    id,
    start: '2026-11-23T09:30:00+11:00',
    end: '2026-11-23T09:45:00+11:00',
    status: 'booked',
    patient: { id: 'p', name: 'Pat Example', mobile: '0411 012 345' },
    practitioner: { id: 'dr', name: 'Dr' },
    isVideo: false,
    ...patch,
  };
}

describe('engine settings and preparation', () => {
  it('buildEngineSettings: keywords from defaults plus config, whitelist in E.164', () => {
    const workflow = defaultWorkflow();
    workflow.keywords.arrived = ['In the lobby'];
    workflow.whitelist = ['0411 012 345', '+61 411 999 999', 'not a number'];
    const settings = buildEngineSettings(config(workflow), true);
    expect(settings.keywords.get('inthelobby')).to.equal('arrived');
    expect(settings.keywords.get('yes')).to.equal('yes');
    expect([...settings.whitelist]).to.deep.equal(['+61411012345', '+61411999999']);
    expect(settings.videoEnabled).to.equal(true);
    expect(settings.clinic.timeZone).to.equal(TZ);
  });

  it('prepareAppointments parses times once and normalises mobiles', () => {
    const [prepared] = prepareAppointments([appointment('a1')], 'AU');
    expect(prepared!.startMs).to.equal(Date.parse('2026-11-23T09:30:00+11:00'));
    expect(prepared!.endMs).to.equal(Date.parse('2026-11-23T09:45:00+11:00'));
    expect(prepared!.mobileE164).to.equal('+61411012345');
    expect(prepared!.patient.mobile).to.equal('0411 012 345');
  });

  it('prepareAppointments drops unparseable starts and leaves unusable mobiles undefined', () => {
    const prepared = prepareAppointments(
      [
        appointment('bad-start', { start: 'next tuesday' }),
        appointment('no-mobile', { patient: { id: 'p', name: 'P' } }),
        appointment('junk-mobile', { patient: { id: 'p', name: 'P', mobile: 'ask at desk' } }),
        appointment('bad-end', { end: 'soon' }),
      ],
      'AU',
    );
    expect(prepared.map((a) => a.id)).to.deep.equal(['no-mobile', 'junk-mobile', 'bad-end']);
    expect(prepared[0]!.mobileE164).to.equal(undefined);
    expect(prepared[1]!.mobileE164).to.equal(undefined);
    expect(prepared[2]!.endMs).to.equal(undefined);
  });

  it('the mobile memo gives the same answer for repeated raw numbers (and per region)', () => {
    const list = Array.from({ length: 5 }, (_, i) => appointment(`a${i}`, { patient: { id: 'p', name: 'P', mobile: '(02) 9374 4000' } }));
    const prepared = prepareAppointments(list, 'AU');
    expect(new Set(prepared.map((a) => a.mobileE164))).to.deep.equal(new Set(['+61293744000']));
    const [nz] = prepareAppointments([appointment('nz', { patient: { id: 'p', name: 'P', mobile: '021 123 4567' } })], 'NZ');
    expect(nz!.mobileE164).to.equal('+64211234567');
  });
});
