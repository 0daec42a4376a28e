import { expect } from 'chai';
import { TEMPLATE_NAMES } from '../engine/decisions.js';
import { OPT_OUT_WORDS } from '../engine/keywords.js';
import { replyWithDay } from '../engine/reply-day.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { replyWordsIn } from './reply-words.js';
import { SHIPPED_TRANSLATIONS } from './translations/index.js';

/*
 * A carrier opt-out word (CANCEL above all, now that patients can cancel by reply) blocks the
 * number at the carrier: no shipped text may ask for one, in any language. Only Help names STOP,
 * to opt out.
 */

const SHIPPED: Array<[string, Partial<Record<string, string>>]> = [['en', DEFAULT_TEMPLATES], ...Object.entries(SHIPPED_TRANSLATIONS)];

/** Opt-out words written as a reply would be: in capitals, or quoted in any case. */
function optOutWordsIn(text: string): string[] {
  const found: string[] = [];
  for (const word of OPT_OUT_WORDS) {
    const capitals = new RegExp(`(?<![\\p{L}])${word.toUpperCase()}(?![\\p{L}])`, 'u');
    const quoted = new RegExp(`["'\u2018\u201c\u00ab\u300c\u300e]\\s*${word}\\s*["'\u2019\u201d\u00bb\u300d\u300f]`, 'iu');
    if (capitals.test(text) || quoted.test(text)) found.push(word);
  }
  return found;
}

describe('templates: no shipped text asks for a carrier opt-out word', () => {
  for (const [language, texts] of SHIPPED) {
    it(`${language}: none but Help names one, and Help only STOP`, () => {
      for (const name of TEMPLATE_NAMES) {
        const text = texts[name];
        if (text === undefined) continue;
        const asked = replyWordsIn(text, language).map((word) => replyWithDay(word, language) ?? word);
        const optOut = [...new Set([...asked.filter((word) => OPT_OUT_WORDS.has(word)), ...optOutWordsIn(text)])];
        expect(optOut, `${language} ${name}`).to.deep.equal(name === 'Help' && optOut.length > 0 ? ['stop'] : []);
      }
    });
  }

  it('the confirm texts ask for YES and NO, never CANCEL', () => {
    for (const name of ['RegistrationConfirm', 'ConfirmDontUnderstand'] as const) {
      expect(replyWordsIn(DEFAULT_TEMPLATES[name])).to.deep.equal(['yes', 'no']);
    }
    expect(replyWordsIn(DEFAULT_TEMPLATES.WhichAppointment).map((word) => replyWithDay(word) ?? word)).to.deep.equal(['yes', 'no']);
  });

  it('the check itself sees CANCEL however it is asked for', () => {
    expect(optOutWordsIn('Reply YES to confirm or CANCEL to cancel.')).to.deep.equal(['cancel']);
    expect(optOutWordsIn('Responda «cancel» para cancelar.')).to.deep.equal(['cancel']);
    expect(optOutWordsIn('Reply NO to cancel.')).to.deep.equal([]);
    expect(replyWordsIn('Reply CANCEL TOMORROW.').map((word) => replyWithDay(word) ?? word)).to.deep.equal(['cancel']);
  });
});
