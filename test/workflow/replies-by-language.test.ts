import { expect } from 'chai';
import { SHIPPED_KEYWORDS } from '../../core/engine/keywords-by-language.js';
import { buildReplyWordLists, replyIntent } from '../../core/engine/keyword-lists.js';
import { DEFAULT_KEYWORDS, INTENTS } from '../../core/engine/keywords.js';
import { normaliseReplyFor } from '../../core/engine/normalise-reply.js';
import { buildEngineSettings } from '../../core/engine/settings.js';
import { defaultWorkflow, OTHER_PHONE, PHONE, Scenario, templates } from './fixtures.js';

describe("workflow: replies in the patient's language (issue 16)", () => {
  const askedIn = (language?: string) =>
    Scenario.at('09:30')
      .appointment('a1', { at: '11:00', ...(language ? { language } : {}) })
      .withProgress('a1', { screening: 'asked', screeningSentAt: 1 });

  const yesPath = ['ScreeningYesToVideo'];

  for (const [language, reply] of [
    ['vi', 'có'],
    ['vi', 'Có'],
    ['vi', 'co'],
    ['zh-CN', '是'],
    ['zh-CN', '是的！'],
    ['ar', 'نعم'],
    ['ar', 'نَعَم'],
    ['es', 'sí'],
    ['es', 'si'],
    ['es', 'SÍ!'],
  ] as const) {
    it(`"${reply}" from a ${language} patient takes the yes path at screening`, () => {
      expect(templates(askedIn(language).incoming(reply))).to.deep.equal(yesPath);
    });
  }

  it('no in each shipped language takes the no path', () => {
    for (const [language, reply] of [
      ['vi', 'không'],
      ['vi', 'khong'],
      ['zh-CN', '不'],
      ['ar', 'لا'],
      ['es', 'No'],
    ] as const) {
      expect(templates(askedIn(language).incoming(reply)), `${language} ${reply}`).to.deep.equal(['ScreeningNoToVideo']);
    }
  });

  it('an English patient\'s "s", "sí" or "có" takes no path', () => {
    for (const reply of ['s', 'sí', 'có', '是']) {
      expect(templates(askedIn().incoming(reply)), reply).to.deep.equal(['ScreeningDontUnderstand']);
      expect(templates(askedIn('en').incoming(reply)), reply).to.deep.equal(['ScreeningDontUnderstand']);
    }
  });

  it('English is the fallback for every language, and for a language with no list', () => {
    expect(templates(askedIn('vi').incoming('YES'))).to.deep.equal(yesPath);
    expect(templates(askedIn('ar').incoming('y'))).to.deep.equal(yesPath);
    expect(templates(askedIn('de').incoming('yes'))).to.deep.equal(yesPath);
    expect(templates(askedIn('de').incoming('ja'))).to.deep.equal(['ScreeningDontUnderstand']);
  });

  it('Traditional Chinese gets no Simplified list: English only', () => {
    expect(templates(askedIn('zh-TW').incoming('是'))).to.deep.equal(['ScreeningDontUnderstand']);
  });

  it('a Ukrainian config keyword works: "так" takes the yes path, "ні" the no path', () => {
    const s = askedIn('uk');
    s.workflow.keywordsByLanguage = { uk: { yes: ['так'], no: ['ні'] } };
    expect(templates(s.incoming('Так!'))).to.deep.equal(yesPath);
    const t = askedIn('uk');
    t.workflow.keywordsByLanguage = { uk: { yes: ['так'], no: ['ні'] } };
    expect(templates(t.incoming('НІ'))).to.deep.equal(['ScreeningNoToVideo']);
    // Not for a patient of another language.
    const e = askedIn('en');
    e.workflow.keywordsByLanguage = { uk: { yes: ['так'] } };
    expect(templates(e.incoming('так'))).to.deep.equal(['ScreeningDontUnderstand']);
  });

  it('workflow.keywords apply in every language, read with its rules', () => {
    const s = askedIn('es');
    s.workflow.keywords.yes = ['vale'];
    expect(templates(s.incoming('Vale'))).to.deep.equal(yesPath);
  });

  it('STOP, START and HELP work for patients of every language', () => {
    for (const language of ['vi', 'zh-CN', 'ar', 'es', 'uk']) {
      const s = askedIn(language);
      expect(s.incoming('STOP')[0]?.step, language).to.equal('opt-out');
      expect(s.incoming('ＳＴＯＰ')[0]?.step, language).to.equal('opt-out');
      expect(s.incoming('start')[0]?.step, language).to.equal('opt-in');
      expect(templates(s.incoming('Help')), language).to.deep.equal(['Help']);
    }
  });

  it('arrival words in Vietnamese and Spanish: the other intents too', () => {
    const s = Scenario.at('10:50').appointment('a1', { at: '11:00', language: 'vi' });
    expect(templates(s.incoming('Đã đến'))).to.deep.equal(['ArrivedThanks']);
    const es = Scenario.at('10:50').appointment('a1', { at: '11:00', language: 'es' });
    expect(templates(es.incoming('llegué'))).to.deep.equal(['ArrivedThanks']);
  });

  it('a family phone with patients of two languages: each language is tried', () => {
    const s = Scenario.at('09:30')
      .appointment('a1', { at: '11:00', language: 'vi' })
      .appointment('a2', { at: '11:30', language: 'es', phone: PHONE })
      .withProgress('a1', { screening: 'asked', screeningSentAt: 1 });
    expect(templates(s.incoming('có'))).to.deep.equal(yesPath);
    const t = Scenario.at('09:30')
      .appointment('a1', { at: '11:00', language: 'vi' })
      .appointment('a2', { at: '11:30', language: 'es', phone: PHONE })
      .withProgress('a2', { screening: 'asked', screeningSentAt: 1 });
    expect(templates(t.incoming('sí'))).to.deep.equal(yesPath);
    // An English patient on another phone: "có" is no arrival.
    expect(templates(Scenario.at('09:30').appointment('b', { at: '11:00', phone: OTHER_PHONE }).incoming('có', OTHER_PHONE))).to.deep.equal([
      'ArrivingDontUnderstand',
    ]);
  });

  it("a word two of the phone's languages read differently means nothing (no guess)", () => {
    const lists = buildReplyWordLists({
      keywords: { yes: [], no: [], arrived: [], joined: [], guest: [], code: [], refuseGuest: [], wait: [] },
      keywordsByLanguage: { uk: { arrived: ['ma'] } },
    });
    expect(replyIntent('ma', ['vi'], lists)).to.equal('code');
    expect(replyIntent('ma', ['uk'], lists)).to.equal('arrived');
    expect(replyIntent('ma', ['vi', 'uk'], lists)).to.equal(undefined);
    expect(replyIntent('yes', ['vi', 'uk'], lists)).to.equal('yes');
  });

  it("buildEngineSettings: the clinic's default language reads replies of appointments without one", () => {
    const workflow = { ...defaultWorkflow(), keywordsByLanguage: { uk: { yes: ['так'] } } };
    const clinic = { name: 'Clínica', timeZone: 'Europe/Madrid', region: 'ES', locale: 'es-ES' };
    const spanish = buildEngineSettings({ clinic: { ...clinic, language: 'es' }, workflow }, true).replyWords!;
    expect(replyIntent('sí', [undefined], spanish)).to.equal('yes');
    expect(replyIntent('yes', [undefined], spanish)).to.equal('yes');
    expect(replyIntent('так', ['uk'], spanish)).to.equal('yes');
    const english = buildEngineSettings({ clinic, workflow }, true).replyWords!;
    expect(replyIntent('sí', [undefined], english)).to.equal(undefined);
    expect(replyIntent('s', [undefined], english)).to.equal(undefined);
  });

  it('the shipped lists: every intent in every language, normalised, no clash with each other or with English', () => {
    const english = new Map(INTENTS.flatMap((intent) => DEFAULT_KEYWORDS[intent].map((w) => [w, intent] as const)));
    for (const [tag, words] of Object.entries(SHIPPED_KEYWORDS)) {
      const seen = new Map<string, string>();
      for (const intent of INTENTS) {
        expect(words[intent].length, `${tag} ${intent}`).to.be.greaterThan(0);
        for (const word of words[intent]) {
          expect(normaliseReplyFor(word, tag), `${tag} ${word}`).to.equal(word);
          expect(seen.get(word) ?? intent, `${tag} ${word}`).to.equal(intent);
          seen.set(word, intent);
          expect(english.get(normaliseReplyFor(word, 'en')) ?? intent, `${tag} ${word} in English`).to.equal(intent);
        }
      }
    }
  });
});
