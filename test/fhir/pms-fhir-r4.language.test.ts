import { expect } from 'chai';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { DAY } from './fhir-day-fixture.js';
import { putResource } from './fhir-seed.js';
import { makeFhirPms } from './fhir-plugin-harness.js';
import { prepareAppointments } from '../../core/engine/prepare.js';
import { Scenario, templates } from '../workflow/fixtures.js';

const BCP_47 = 'urn:ietf:bcp:47';
const language = (code: string, extra: object = {}, system = BCP_47) => ({ language: { coding: [{ system, code }] }, ...extra });

/** Patients whose Patient.communication a PMS fills in the ways FHIR allows. */
const PATIENTS: Record<string, object[] | undefined> = {
  // Two languages: the preferred one counts, wherever it is in the list.
  'pat-vi': [language('en'), language('vi', { preferred: true })],
  // The BCP 47 coding counts over a local code listed first.
  'pat-zh': [
    {
      language: {
        coding: [
          { system: 'http://pms.example/lang', code: 'MAND' },
          { system: BCP_47, code: 'zh-CN' },
        ],
        text: 'Chinese',
      },
    },
  ],
  // None preferred: the first.
  'pat-ar': [language('ar'), language('en')],
  // No system on the coding: its code still counts.
  'pat-es': [{ language: { coding: [{ code: 'es' }] }, preferred: true }],
  // No communication at all; and a code that is not a language tag.
  'pat-none': undefined,
  'pat-junk': [language('not a language!')],
};

describe("pms-fhir-r4: the patient's language (Patient.communication)", function () {
  let server: FhirTestServer;
  before(async function () {
    server = await startFhirTestServer();
    await putResource(server.baseUrl, { resourceType: 'Practitioner', id: 'pr-lang', name: [{ given: ['Lin'], family: 'Tran' }] });
    let minute = 0;
    let mobile = 10;
    for (const [id, communication] of Object.entries(PATIENTS)) {
      await putResource(server.baseUrl, {
        resourceType: 'Patient',
        id,
        name: [{ family: 'Patient', given: [id] }],
        telecom: [{ system: 'phone', use: 'mobile', value: `0412 345 6${(mobile += 1)}` }],
        ...(communication ? { communication } : {}),
      });
      minute += 15;
      const start = `2026-11-23T${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+11:00`;
      await putResource(server.baseUrl, {
        resourceType: 'Appointment',
        id: `a-${id}`,
        status: 'booked',
        start,
        participant: [
          { actor: { reference: `Patient/${id}` }, status: 'accepted' },
          { actor: { reference: 'Practitioner/pr-lang' }, status: 'accepted' },
        ],
      });
    }
  });
  after(async function () {
    await server.close();
  });

  it("maps the preferred (else first) communication's BCP 47 code to appointment.language", async function () {
    const { instance, source } = makeFhirPms({ baseUrl: server.baseUrl });
    await instance.start!();
    const listing = await source.listAppointments(DAY);
    const languages = Object.fromEntries(listing.appointments.map((a) => [a.id, a.language]));
    expect(languages).to.deep.equal({
      'a-pat-vi': 'vi',
      'a-pat-zh': 'zh-CN',
      'a-pat-ar': 'ar',
      'a-pat-es': 'es',
      'a-pat-none': undefined,
      'a-pat-junk': undefined,
    });
    expect(listing.appointments.find((a) => a.id === 'a-pat-none')).not.to.have.property('language');
  });

  it('a reply in the language the PMS gives takes the yes path at screening: "có", "是", "نعم", "sí", "si"', async function () {
    const { instance, source } = makeFhirPms({ baseUrl: server.baseUrl });
    await instance.start!();
    const prepared = prepareAppointments((await source.listAppointments(DAY)).appointments, 'AU');
    const replies: [string, string][] = [
      ['a-pat-vi', 'có'],
      ['a-pat-zh', '是'],
      ['a-pat-ar', 'نعم'],
      ['a-pat-es', 'sí'],
      ['a-pat-es', 'si'],
      ['a-pat-none', 'yes'],
    ];
    for (const [id, reply] of replies) {
      const scenario = Scenario.at('08:00');
      const appointment = prepared.find((a) => a.id === id)!;
      scenario.appointments.push(appointment);
      scenario.withProgress(id, { screening: 'asked', screeningSentAt: 1 });
      expect(templates(scenario.incoming(reply, appointment.mobileE164)), `${id} ${reply}`).to.deep.equal(['ScreeningYesToVideo']);
    }
    const english = Scenario.at('08:00');
    english.appointments.push(prepared.find((a) => a.id === 'a-pat-none')!);
    english.withProgress('a-pat-none', { screening: 'asked', screeningSentAt: 1 });
    expect(templates(english.incoming('s', english.appointments[0]!.mobileE164))).to.deep.equal(['ScreeningDontUnderstand']);
  });
});
