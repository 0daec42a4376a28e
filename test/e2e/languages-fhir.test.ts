import { expect } from 'chai';
import type { TemplateName } from '../../core/engine/decisions.js';
import { DEFAULT_TEMPLATES } from '../../core/templates/defaults.js';
import { SHIPPED_TRANSLATIONS } from '../../core/templates/translations/index.js';
import { getResource, putResource } from '../fhir/fhir-seed.js';
import { Patient, startFhirWorld, type FhirWorld } from './fhir-host.js';

/*
 * Issue 16 end to end with pms-fhir-r4 against the real FHIR test server: each Patient's
 * `communication` says their language; the screening question goes out in it, the one-word
 * answer in that language (or script) takes the yes path, an English patient's "s" does not,
 * and a language the clinic has no texts for (de) gets the English text once, with the gap
 * listed on the status API.
 */

const DR_SHAH = { id: 'prac-shah', name: 'Dr Priya Shah' };
const BCP_47 = 'urn:ietf:bcp:47';

/** Patient key, FHIR language (undefined: none), mobile, and the answer they text. */
const PEOPLE = [
  { key: 'pat-vi', language: 'vi', mobile: '+61412000001', reply: 'có' },
  { key: 'pat-zh', language: 'zh-CN', mobile: '+61412000002', reply: '是' },
  { key: 'pat-ar', language: 'ar', mobile: '+61412000003', reply: 'نعم' },
  { key: 'pat-es1', language: 'es', mobile: '+61412000004', reply: 'Sí' },
  { key: 'pat-es2', language: 'es', mobile: '+61412000005', reply: 'si' },
  { key: 'pat-de', language: 'de', mobile: '+61412000006', reply: 'yes' },
  { key: 'pat-en', language: undefined, mobile: '+61412000007', reply: 's' },
] as const;

/** The shipped text a patient of `language` gets, cut before its first variable or tag: what every rendering starts with. */
function opening(template: TemplateName, language: string | undefined): string {
  const text = (language ? SHIPPED_TRANSLATIONS[language]?.[template] : undefined) ?? DEFAULT_TEMPLATES[template];
  return text.slice(0, text.search(/\{[{%]/)).trimEnd();
}
const SHIPPED_TAG: Record<string, string | undefined> = { vi: 'vi', 'zh-CN': 'zh-Hans', ar: 'ar', es: 'es' };

describe('patients in their own language, end to end with pms-fhir-r4 (simulated SMS)', function () {
  this.timeout(30_000);
  let world: FhirWorld;

  before(async () => {
    world = await startFhirWorld(
      PEOPLE.map((person, index) => ({
        start: `2026-11-23T10:${String(index * 5).padStart(2, '0')}:00+11:00`,
        end: `2026-11-23T10:${String(index * 5 + 5).padStart(2, '0')}:00+11:00`,
        status: 'booked' as const,
        isVideo: false,
        patient: { id: person.key, name: `Sam ${person.key}`, firstName: 'Sam', mobile: person.mobile },
        practitioner: DR_SHAH,
      })),
      '2026-11-23T08:00:00+11:00',
    );
    // The PMS records each patient's language as FHIR does: Patient.communication, the preferred one.
    for (const [index, person] of PEOPLE.entries()) {
      if (!person.language) continue;
      const reference = world.seeded[index]!.patient.id;
      const patient = await getResource(world.server.baseUrl, `Patient/${reference}`);
      await putResource(world.server.baseUrl, {
        ...patient,
        communication: [
          { language: { coding: [{ system: BCP_47, code: 'en' }] } },
          { language: { coding: [{ system: BCP_47, code: person.language }] }, preferred: true },
        ],
      });
    }
    await world.host.runTodayCycle();
  });
  after(() => world?.close());

  it('asks each patient in their language (the default, English, for de and for none), one text each', async () => {
    for (const person of PEOPLE) {
      const texts = await new Patient(world, person.mobile).texts();
      expect(texts, person.key).to.have.length(1);
      expect(texts[0], person.key).to.satisfy((text: string) => text.startsWith(opening('ConsiderTeleHealth', SHIPPED_TAG[person.language ?? ''])));
    }
    expect((await new Patient(world, '+61412000003').texts())[0]).to.match(/[\u0600-\u06FF]/);
  });

  it('"có", "是", "نعم", "Sí" and "si" take the yes path in their language; an English patient\'s "s" does not', async () => {
    for (const person of PEOPLE) {
      const patient = new Patient(world, person.mobile);
      await patient.reply(person.reply);
      const answer = (await patient.lastText())!;
      const expected = person.reply === 's' ? 'ScreeningDontUnderstand' : 'ScreeningYesToVideo';
      const tag = SHIPPED_TAG[person.language ?? ''];
      expect(answer, `${person.key} replied ${person.reply}`).to.satisfy((text: string) =>
        text.startsWith(opening(expected, expected === 'ScreeningDontUnderstand' ? undefined : tag)),
      );
    }
  });

  it('lists German as asked for without texts, on the status API', async () => {
    type Status = { languages?: { default: string; gaps: Array<{ language: string; templates: Array<{ template: string; count: number }> }> } };
    const { languages } = await world.api.get<Status>('/api/status');
    expect(languages?.default).to.equal('en');
    const german = languages?.gaps.find((gap) => gap.language === 'de');
    expect(german?.templates.map((t) => t.template)).to.include.members(['ConsiderTeleHealth', 'ScreeningYesToVideo']);
    expect(german?.templates.find((t) => t.template === 'ConsiderTeleHealth')?.count, 'one text, counted once').to.equal(1);
    expect(languages?.gaps.map((gap) => gap.language)).to.deep.equal(['de']);
  });
});
