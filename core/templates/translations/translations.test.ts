import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { TEMPLATE_NAMES, type TemplateName } from '../../engine/decisions.js';
import { DEFAULT_TEMPLATES } from '../defaults.js';
import { createTemplateEngine, globalVariablePaths } from '../liquid-engine.js';
import { OPT_OUT_WORDS, replyWordProblems, replyWordsIn } from '../reply-words.js';
import { smsLength } from '../sms-length.js';
import { TemplateService } from '../template-service.js';
import { worstCaseContext } from '../worst-case.js';
import { SHIPPED_TRANSLATIONS } from './index.js';

/** Texts to the clinic's admin: in the clinic's default language only. */
const ADMIN_TEMPLATES: readonly TemplateName[] = ['HostStarted', 'HostStopped', 'AlertFailing', 'AlertRecovered'];
const PATIENT_TEMPLATES = TEMPLATE_NAMES.filter((name) => !ADMIN_TEMPLATES.includes(name));

type Language = 'es' | 'vi' | 'zh-Hans' | 'ar';
const LANGUAGES: readonly Language[] = ['es', 'vi', 'zh-Hans', 'ar'];

/** The locale dates are written in when the texts go out in the patient's language. */
const LOCALE: Record<Language, string> = { es: 'es', vi: 'vi', 'zh-Hans': 'zh-CN', ar: 'ar' };
const FILE: Record<Language, string> = { es: 'es.ts', vi: 'vi.ts', 'zh-Hans': 'zh-Hans.ts', ar: 'ar.ts' };

const clinicIn = (locale: string) => ({ name: 'Riverside Family Practice', phone: '02 9374 4000', timeZone: 'Australia/Sydney', region: 'AU', locale });

/** What a reply means: the keys of the default reply words per language. */
type Reply = 'yes' | 'no' | 'arrived' | 'joined' | 'code' | 'refuseGuest';

/** What each patient text asks the patient to reply (STOP, the carrier's word, is checked on its own). */
const ASKS: Partial<Record<TemplateName, readonly Reply[]>> = {
  ConsiderTeleHealth: ['yes', 'no'],
  CantConsiderTeleHealth: ['arrived'],
  ScreeningNoToVideo: ['arrived'],
  ScreeningDontUnderstand: ['yes', 'no'],
  VideoInvite: ['joined'],
  VideoDontUnderstand: ['joined'],
  ArrivingDontUnderstand: ['arrived'],
  JoinCode: ['code'],
  GuestAdded: ['refuseGuest'],
  // Confirm or cancel by reply (issue 18): the yes and no words, never a carrier opt-out word.
  RegistrationConfirm: ['yes', 'no'],
  ConfirmDontUnderstand: ['yes', 'no'],
  WhichAppointment: ['yes', 'no'],
};

/** How each language's texts write the reply words: as the patient should type them. */
const WRITTEN: Record<Language, Record<Reply, string>> = {
  // SI without its accent: Í is not a GSM character, and one would make the whole text UCS-2.
  es: { yes: 'SI', no: 'NO', arrived: 'LLEGUÉ', joined: 'DENTRO', code: 'CÓDIGO', refuseGuest: 'SIN INVITADO' },
  vi: { yes: 'CÓ', no: 'KHÔNG', arrived: 'ĐÃ ĐẾN', joined: 'ĐÃ VÀO', code: 'MÃ', refuseGuest: 'KHÔNG KHÁCH' },
  'zh-Hans': { yes: '是', no: '否', arrived: '到了', joined: '已加入', code: '验证码', refuseGuest: '不要客人' },
  ar: { yes: 'نعم', no: 'لا', arrived: 'وصلت', joined: 'دخلت', code: 'رمز', refuseGuest: 'بدون ضيف' },
};

/** The default reply words of each language (normalised), as the shared decisions list them. */
const DEFAULT_WORDS: Record<Language, Record<Reply, readonly string[]>> = {
  es: { yes: ['si'], no: ['no'], arrived: ['llegue', 'aqui'], joined: ['dentro', 'listo'], code: ['codigo'], refuseGuest: ['sininvitado'] },
  vi: {
    yes: ['có', 'co', 'vâng'],
    no: ['không', 'khong'],
    arrived: ['đến', 'đãđến', 'den', 'daden'],
    joined: ['vào', 'đãvào', 'vao'],
    code: ['mã', 'ma'],
    refuseGuest: ['khôngkhách', 'khongkhach'],
  },
  'zh-Hans': {
    yes: ['是', '是的', '好'],
    no: ['不', '不是', '否'],
    arrived: ['到了', '已到'],
    joined: ['已加入', '加入了'],
    code: ['验证码'],
    refuseGuest: ['不要客人'],
  },
  ar: { yes: ['نعم'], no: ['لا'], arrived: ['وصلت'], joined: ['دخلت'], code: ['رمز'], refuseGuest: ['بدونضيف'] },
};

/**
 * The words a WhichAppointment reply names the day with, per language; the engine reads the
 * same list, so the texts must use exactly these.
 */
const DAY_WORDS: Record<Language, readonly [today: string, tomorrow: string]> = {
  es: ['hoy', 'mañana'],
  vi: ['hôm nay', 'ngày mai'],
  'zh-Hans': ['今天', '明天'],
  ar: ['اليوم', 'غدا'],
};

/** English reply words (as replyWordsIn reports them) to what they mean. */
const ENGLISH_REPLY: Record<string, Reply | 'stop'> = {
  yes: 'yes',
  no: 'no',
  arrived: 'arrived',
  joined: 'joined',
  code: 'code',
  noguest: 'refuseGuest',
  stop: 'stop',
};

/** A reply as the reply matcher sees it (the rules: NFKC, lower case, letters and digits; per-language folding). */
function normalised(word: string, language: Language): string {
  let text = word
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]/gu, '');
  if (language === 'es') text = text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  if (language === 'ar') text = text.replace(/[\u064B-\u065F\u0670\u0640]/g, '').replace(/[أإآ]/g, 'ا');
  return text.normalize('NFC');
}

/** The text outside Liquid markup, a break where markup was (so words either side are not one phrase). */
function literal(template: string): string {
  return template.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, ' | ');
}

/**
 * The reply words a text asks for, as written: capital words (adjacent ones as one reply) in
 * Spanish and Vietnamese, 「quoted」 in Chinese, «quoted» in Arabic. STOP is left out.
 */
function askedWords(template: string, language: Language): string[] {
  const text = literal(template);
  const found =
    language === 'zh-Hans'
      ? [...text.matchAll(/「([^」]+)」/g)].map((m) => m[1]!)
      : language === 'ar'
        ? [...text.matchAll(/«([^»]+)»/g)].map((m) => m[1]!)
        : [...text.matchAll(/(?<![\p{L}\p{M}])\p{Lu}{2,}(?: \p{Lu}{2,})*(?![\p{L}\p{M}])/gu)].map((m) => m[0]);
  return [...new Set(found.filter((word) => word !== 'STOP'))];
}

/** The Liquid tags of a text (`{% if clinic.phone %}`, `{% endif %}`), whitespace evened out, sorted. */
function tagsOf(template: string): string[] {
  return [...template.matchAll(/\{%-?\s*([\s\S]*?)\s*-?%\}/g)].map((m) => m[1]!.replace(/\s+/g, ' ')).sort();
}

const engine = createTemplateEngine({ timeZone: 'Australia/Sydney', locale: 'en-AU', now: () => Date.parse('2026-11-22T09:00:00Z') });

/** The variables a text reads, sorted. */
function variablesOf(template: string): string[] {
  return globalVariablePaths(engine, engine.parse(template)).sort();
}

describe('templates/translations', () => {
  it('ships es, vi, zh-Hans and ar, frozen', () => {
    expect(Object.keys(SHIPPED_TRANSLATIONS)).to.have.members([...LANGUAGES]);
    expect(Object.isFrozen(SHIPPED_TRANSLATIONS)).to.equal(true);
    for (const language of LANGUAGES) expect(Object.isFrozen(SHIPPED_TRANSLATIONS[language]), language).to.equal(true);
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const texts = SHIPPED_TRANSLATIONS[language]! as Readonly<Record<string, string>>;

      it('says at the top of its file that a native speaker at the clinic must review it', () => {
        const source = readFileSync(new URL(`./${FILE[language]}`, import.meta.url), 'utf8');
        expect(source.split('\n')[0]).to.equal('// Needs review by a native speaker at the clinic before use.');
      });

      it('has every patient text and no admin text', () => {
        expect(Object.keys(texts)).to.have.members(PATIENT_TEMPLATES);
      });

      it('parses, and reads the same variables with the same tags as the English text', () => {
        for (const name of PATIENT_TEMPLATES) {
          const text = texts[name]!;
          expect(variablesOf(text), name).to.deep.equal(variablesOf(DEFAULT_TEMPLATES[name]));
          expect(tagsOf(text), name).to.deep.equal(tagsOf(DEFAULT_TEMPLATES[name]));
        }
      });

      it('keeps the link on a line of its own where the English text does', () => {
        for (const name of PATIENT_TEMPLATES) {
          const english = DEFAULT_TEMPLATES[name];
          if (english.includes('\n{{ url }}\n')) expect(texts[name], name).to.include('\n{{ url }}\n');
          else if (english.endsWith('\n{{ url }}')) expect(texts[name]!.endsWith('\n{{ url }}'), name).to.equal(true);
        }
      });

      it('has no direction marks or other invisible characters inside Liquid markup', () => {
        for (const name of PATIENT_TEMPLATES) {
          for (const markup of texts[name]!.match(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g) ?? []) {
            expect(markup, name).not.to.match(/[\u061C\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/);
          }
        }
      });

      it('passes the template checks, in the language locale and in the clinic default en-AU', () => {
        for (const locale of [LOCALE[language], 'en-AU']) {
          expect(TemplateService.problemsIn({ clinic: clinicIn(locale), configured: texts }), locale).to.deep.equal([]);
        }
      });

      it('renders to at most 3 SMS segments with the longest plausible names and dates', () => {
        for (const locale of [LOCALE[language], 'en-AU']) {
          const clinic = clinicIn(locale);
          const service = new TemplateService({ clinic, configured: texts });
          // A signed link (up to 500 characters) and a staff reply (up to 640) are 8 and 10 UCS-2
          // segments on their own, in English too: no wording changes that, so they are measured
          // at their usual length here, and everything the template itself decides at its longest.
          const worst = { ...worstCaseContext(clinic), url: 'https://video.example.org/r/3f9c2a7e51', text: 'Yes, that is fine. See you tomorrow.' };
          for (const name of PATIENT_TEMPLATES) {
            const rendered = service.render(name, worst);
            expect(smsLength(rendered).segments, `${name} (${locale}): ${rendered}`).to.be.at.most(3);
          }
        }
      });

      it('renders to at most 2 SMS segments for a typical appointment, with or without a clinic phone', () => {
        const clinic = clinicIn(LOCALE[language]);
        for (const phone of [clinic.phone, undefined]) {
          const service = new TemplateService({ clinic: { ...clinic, phone }, configured: texts });
          for (const name of PATIENT_TEMPLATES) {
            const rendered = service.preview(name);
            expect(smsLength(rendered).segments, `${name}: ${rendered}`).to.be.at.most(2);
            expect(rendered, name).not.to.match(/\{\{|\{%|undefined|null|\s[.,。，،]|（）/);
          }
        }
      });

      it('asks for the same replies as the English text, each in words of this language default list', () => {
        for (const name of PATIENT_TEMPLATES) {
          const asks = ASKS[name] ?? [];
          const english = replyWordsIn(DEFAULT_TEMPLATES[name])
            .map((word) => ENGLISH_REPLY[word])
            .filter((reply) => reply !== 'stop');
          expect(english, `English ${name}`).to.deep.equal(asks);
          expect(askedWords(texts[name]!, language), name).to.have.members(asks.map((reply) => WRITTEN[language][reply]));
          for (const reply of asks) {
            expect(DEFAULT_WORDS[language][reply], `${name}: ${reply}`).to.include(normalised(WRITTEN[language][reply], language));
          }
        }
      });

      it('never asks for a carrier opt-out word, nor writes one as a reply word (CANCEL, END, QUIT …)', () => {
        const optOut = new RegExp(`(?<![\\p{L}\\p{M}])(${[...OPT_OUT_WORDS].filter((word) => word !== 'stop').join('|')})(?![\\p{L}\\p{M}])`, 'iu');
        for (const name of PATIENT_TEMPLATES) {
          expect(replyWordProblems(name, texts[name]!, undefined, language), name).to.deep.equal([]);
          expect(literal(texts[name]!), name).not.to.match(optOut);
        }
      });

      it("gives WhichAppointment's example in this language's words for today and tomorrow", () => {
        const text = literal(texts.WhichAppointment!);
        for (const day of DAY_WORDS[language]) expect(text).to.include(day);
      });

      it('mentions STOP, in English, in Help only', () => {
        for (const name of PATIENT_TEMPLATES) {
          expect(/\bSTOP\b/.test(texts[name]!), name).to.equal(name === 'Help');
        }
      });

      it('signs staff replies with the clinic name, as in English', () => {
        expect(texts.StaffReply).to.equal(DEFAULT_TEMPLATES.StaffReply);
      });
    });
  }
});
