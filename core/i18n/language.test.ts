import { expect } from 'chai';
import { canonicalLanguage, primaryLanguage, resolveLanguage } from './language.js';

describe('i18n/language', () => {
  const shipped = ['en', 'es', 'vi', 'zh-Hans', 'ar'];

  it('takes the exact tag first, case-insensitive, spelled as the available list spells it', () => {
    expect(resolveLanguage('VI', shipped)).to.equal('vi');
    expect(resolveLanguage('zh-hans', shipped)).to.equal('zh-Hans');
    expect(resolveLanguage('pt-BR', ['pt', 'pt-BR'])).to.equal('pt-BR');
  });

  it('then the primary subtag', () => {
    expect(resolveLanguage('vi-VN', shipped)).to.equal('vi');
    expect(resolveLanguage('es_MX', shipped)).to.equal('es');
    expect(resolveLanguage('ar-EG', shipped)).to.equal('ar');
  });

  it('reads zh, zh-CN, zh-SG and zh-Hans-* as Simplified Chinese', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans-CN', 'ZH-cn']) expect(resolveLanguage(tag, shipped), tag).to.equal('zh-Hans');
  });

  it('never serves Traditional Chinese with Simplified texts', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW']) expect(resolveLanguage(tag, shipped), tag).to.equal(undefined);
    expect(resolveLanguage('zh-TW', ['en', 'zh-TW'])).to.equal('zh-TW');
  });

  it('finds nothing for a language not available, or no tag', () => {
    expect(resolveLanguage('de', shipped)).to.equal(undefined);
    expect(resolveLanguage(undefined, shipped)).to.equal(undefined);
    expect(resolveLanguage('  ', shipped)).to.equal(undefined);
  });

  it('primaryLanguage lower-cases the first subtag', () => {
    expect(primaryLanguage('zh-CN')).to.equal('zh');
    expect(primaryLanguage('EN-au')).to.equal('en');
  });

  it('canonicalLanguage spells a tag canonically and refuses what is not one', () => {
    expect(canonicalLanguage('zh-cn')).to.equal('zh-CN');
    expect(canonicalLanguage('de')).to.equal('de');
    expect(canonicalLanguage('<script>')).to.equal(undefined);
  });
});
