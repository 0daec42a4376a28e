import { expect } from 'chai';
import { buildReplyWordLists, replyIntent } from '../../core/engine/keyword-lists.js';
import { SHIPPED_KEYWORDS } from '../../core/engine/keywords-by-language.js';
import { DEFAULT_KEYWORDS, INTENTS } from '../../core/engine/keywords.js';
import { normaliseReplyFor } from '../../core/engine/normalise-reply.js';
import { defaultWorkflow } from './fixtures.js';

describe('workflow: WAIT in each shipped language (issue 18)', () => {
  const lists = buildReplyWordLists(defaultWorkflow());

  for (const [language, replies] of [
    ['es', ['Espera', '¿Cuánto falta?', 'cuanto tiempo', '¿Cuánto queda?', 'Retraso']],
    ['vi', ['Chờ', 'Đợi', 'Bao lâu?', 'bao lau', 'Chờ bao lâu?', 'Bao lâu nữa?', 'bao lau nua']],
    ['zh-CN', ['等', '多久？', '还要多久？', '还要等多久', '要等多久']],
    ['ar', ['انتظار', 'كم المدة؟', 'كم المده', 'كم من الوقت؟', 'متى؟']],
  ] as const) {
    it(`reads a ${language} patient's "how long?" as wait, and English WAIT too`, () => {
      for (const reply of replies) expect(replyIntent(reply, [language], lists), reply).to.equal('wait');
      expect(replyIntent('How long?', [language], lists)).to.equal('wait');
    });
  }

  it('leaves the unaccented Vietnamese "doi" alone: it is also đổi (change) and đói (hungry)', () => {
    expect(replyIntent('doi', ['vi'], lists)).to.equal(undefined);
  });

  it('no shipped word means one thing in one language and another in another (a family phone would read it as nothing)', () => {
    const words = [
      ...INTENTS.flatMap((intent) => DEFAULT_KEYWORDS[intent].map((word) => ({ tag: 'en', intent, word }))),
      ...Object.entries(SHIPPED_KEYWORDS).flatMap(([tag, list]) => INTENTS.flatMap((intent) => list[intent].map((word) => ({ tag, intent, word })))),
    ];
    const clashes = words.flatMap((a) =>
      words
        .filter((b) => a.tag < b.tag && a.intent !== b.intent)
        .filter((b) => [a.tag, b.tag].some((tag) => normaliseReplyFor(a.word, tag) === normaliseReplyFor(b.word, tag)))
        .map((b) => `${a.tag} ${a.intent} "${a.word}" / ${b.tag} ${b.intent} "${b.word}"`),
    );
    expect(clashes).to.deep.equal([]);
  });
});
