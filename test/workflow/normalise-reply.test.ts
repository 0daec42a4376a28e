import { expect } from 'chai';
import { normaliseReplyFor } from '../../core/engine/normalise-reply.js';
import { normaliseReply } from '../../core/engine/keywords.js';

describe('replies in any script: the normaliser', () => {
  it('English as before: lower case, letters and digits only', () => {
    expect(normaliseReplyFor('  Yes! ')).to.equal('yes');
    expect(normaliseReplyFor('Y.E.S', 'en')).to.equal('yes');
    expect(normaliseReplyFor('No guest', 'en-AU')).to.equal('noguest');
    expect(normaliseReplyFor('👍')).to.equal('');
    // Emoji carry marks (variation selectors, keycaps) that belong to no word.
    expect(normaliseReplyFor('Yes ✔️')).to.equal('yes');
    expect(normaliseReplyFor('❤️ có ❤️', 'vi')).to.equal('có');
    expect(normaliseReplyFor('👍🏽')).to.equal('');
    expect(normaliseReplyFor('\u0301yes')).to.equal('yes');
    expect(normaliseReply('STOP ALL')).to.equal('stopall');
  });

  it('full-width forms become plain (NFKC), Chinese included', () => {
    expect(normaliseReplyFor('ＹＥＳ')).to.equal('yes');
    expect(normaliseReplyFor('ＳＴＯＰ', 'zh-CN')).to.equal('stop');
    expect(normaliseReplyFor('是！', 'zh-CN')).to.equal('是');
    expect(normaliseReplyFor('「是的」。', 'zh-Hans')).to.equal('是的');
  });

  it('Spanish folds accents: "sí" and "si" are one word; "s" stays "s"', () => {
    expect(normaliseReplyFor('Sí', 'es')).to.equal('si');
    expect(normaliseReplyFor('si', 'es-MX')).to.equal('si');
    expect(normaliseReplyFor('¡SÍ!', 'es')).to.equal('si');
    expect(normaliseReplyFor('Llegué', 'es')).to.equal('llegue');
    expect(normaliseReplyFor('s', 'es')).to.equal('s');
  });

  it('an English patient keeps the accent: "sí" is not "si" nor "s"', () => {
    expect(normaliseReplyFor('sí', 'en')).to.equal('sí');
    expect(normaliseReplyFor('sí')).to.not.equal('s');
  });

  it('Vietnamese keeps its tones and marks, for Vietnamese and English patients alike', () => {
    expect(normaliseReplyFor('Có', 'vi')).to.equal('có');
    expect(normaliseReplyFor('có', 'en')).to.equal('có');
    expect(normaliseReplyFor('co', 'vi')).to.equal('co');
    expect(normaliseReplyFor('Đã đến', 'vi')).to.equal('đãđến');
    // Decomposed input (tone as a combining mark) reads as the composed word.
    expect(normaliseReplyFor('co\u0301', 'vi')).to.equal('có');
  });

  it('Arabic drops harakat and tatweel and unifies the alef forms', () => {
    expect(normaliseReplyFor('نَعَمْ', 'ar')).to.equal('نعم');
    expect(normaliseReplyFor('نعـــم', 'ar')).to.equal('نعم');
    expect(normaliseReplyFor('أ إ آ', 'ar')).to.equal('ااا');
    expect(normaliseReplyFor('بدون ضيف.', 'ar')).to.equal('بدونضيف');
  });

  it('Cyrillic and other scripts are kept, not dropped', () => {
    expect(normaliseReplyFor('Так!', 'uk')).to.equal('так');
    expect(normaliseReplyFor('НІ')).to.equal('ні');
    expect(normaliseReplyFor('Да', 'ru')).to.equal('да');
  });
});
