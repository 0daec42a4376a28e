import { expect } from 'chai';
import type { Appointment, ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { LanguageTemplates, editKey, parseEditKey } from './language-templates.js';
import { TemplateError } from './template-error.js';
import type { RenderContext } from './variables.js';

const clinic: ClinicInfo = { name: 'Smith Street Medical', timeZone: 'Australia/Melbourne', region: 'AU', locale: 'en-AU' };
const VI = 'Chào {{ Patient.firstName }}, vui lòng nhắn tin khi bạn đến {{ clinic.name }}.';
const appointment: Appointment = {
  id: 'a1',
  start: '2026-11-23T09:30:00+11:00',
  status: 'booked',
  patient: { id: 'p1', name: 'Lan Tran', firstName: 'Lan', mobile: '+61491570006' },
  practitioner: { id: 'd1', name: 'Dr Jones' },
  isVideo: false,
};
const ctx: RenderContext = { appointment };

function templates(configured: Record<string, string | Record<string, string>> = {}, languages = ['en', 'vi']): LanguageTemplates {
  return new LanguageTemplates({ clinic, language: 'en', languages, configured });
}

describe('templates/language-templates', () => {
  it('renders in the appointment language when the clinic has a text in it', () => {
    const rendered = templates({ Registration: { vi: VI } }).render('Registration', ctx, 'vi-VN');
    expect(rendered).to.deep.equal({ text: 'Chào Lan, vui lòng nhắn tin khi bạn đến Smith Street Medical.', language: 'vi' });
  });

  it('renders a language without the text in the default language, once, and names the gap', () => {
    const set = templates({ Registration: { vi: VI } });
    const english = set.render('Registration', ctx);
    expect(set.render('Registration', ctx, 'de')).to.deep.equal({ text: english.text, language: 'en', missing: 'de' });
    // Offered, but this template has no vi text: the default language's, and a gap for vi.
    expect(set.render('ArrivedThanks', ctx, 'vi')).to.include({ language: 'en', missing: 'vi' });
    expect(set.render('Registration', ctx, 'en-AU')).to.deep.equal(english);
  });

  it('keeps a plain text as the default language, as before languages', () => {
    const set = templates({ Registration: 'Hello {{ Patient.firstName }}' });
    expect(set.render('Registration', ctx).text).to.equal('Hello Lan');
    expect(set.get('Registration', 'en')).to.include({ source: 'config', language: 'en' });
    expect(set.get('Registration', 'vi')).to.equal(undefined);
    expect(set.get('ArrivedThanks', 'en')).to.include({ text: DEFAULT_TEMPLATES.ArrivedThanks, source: 'default' });
  });

  it('sends staff texts in the default language only, and says so for a text in another', () => {
    expect(templates().render('HostStarted', ctx, 'vi').language).to.equal('en');
    const problems = LanguageTemplates.problemsIn({ clinic, language: 'en', languages: ['en', 'vi'], configured: { HostStarted: { vi: 'Xin chào' } } });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include({ template: 'HostStarted', language: 'vi' });
  });

  it('checks each language as strictly as the default: variables, Liquid and a language not offered', () => {
    const problems = LanguageTemplates.problemsIn({
      clinic,
      language: 'en',
      languages: ['en', 'vi'],
      configured: { Registration: { vi: 'Chào {{ Patient.nmae }}' }, ArrivedThanks: { vi: 'Cảm ơn {% if x %}' }, VideoThanks: { de: 'Danke' } },
    });
    expect(problems.map((p) => [p.template, p.language, p.problem.split(' ').slice(0, 2).join(' ')])).to.have.deep.members([
      ['Registration', 'vi', 'unknown variable'],
      ['ArrivedThanks', 'vi', 'syntax error:'],
      ['VideoThanks', 'de', 'has a'],
    ]);
    expect(problems.find((p) => p.template === 'VideoThanks')?.fix).to.include('add de to clinic.languages');
  });

  it('edits one language at a time; dropping the only text of a language leaves it without one', () => {
    const set = templates();
    expect(set.set('Registration', 'vi', VI)).to.include({ language: 'vi', source: 'edited' });
    expect(set.render('Registration', ctx, 'vi').language).to.equal('vi');
    expect(set.set('Registration', 'vi', null)).to.equal(undefined);
    expect(set.render('Registration', ctx, 'vi')).to.include({ language: 'en', missing: 'vi' });
    expect(() => set.set('Registration', 'de', 'Hallo')).to.throw(TemplateError, /does not offer/);
  });

  it('keeps default-language edits under the bare name, as before, and others as Name@lang', () => {
    expect(editKey('Registration', 'en', 'en')).to.equal('Registration');
    expect(editKey('Registration', 'vi', 'en')).to.equal('Registration@vi');
    expect(parseEditKey('Registration@vi', 'en')).to.deep.equal(['Registration', 'vi']);
    expect(parseEditKey('Registration', 'en')).to.deep.equal(['Registration', 'en']);
  });

  it('gives each text its cost: a Vietnamese text is UCS-2, the English default GSM-7', () => {
    const set = templates({ Registration: { vi: VI } });
    expect(set.get('Registration', 'vi')).to.deep.include({ encoding: 'UCS-2', segments: 1 });
    expect(set.get('Registration', 'vi')!.worstCase.encoding).to.equal('UCS-2');
    expect(set.get('Registration', 'en')).to.deep.include({ encoding: 'GSM-7' });
  });

  it('formats dates in a text in its own language, in the clinic region', () => {
    const set = templates({ Registration: { vi: 'Hẹn {{ Appointment.start.date }}', en: 'On {{ Appointment.start.date }}' } });
    const vi = set.render('Registration', ctx, 'vi').text;
    const en = set.render('Registration', ctx).text;
    expect(en).to.match(/Nov/);
    expect(vi).to.not.equal(en.replace('On', 'Hẹn'));
  });
});
