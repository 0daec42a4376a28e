import { expect } from 'chai';
import i18next from 'i18next';
import { followLanguage } from '../../web/src/i18n/direction.js';

describe("reception app: <html lang> and dir follow i18next's language", () => {
  it('turns right to left when a right-to-left catalogue is chosen, and back', async () => {
    const instance = i18next.createInstance();
    await instance.init({ lng: 'en', resources: { en: { translation: {} }, ar: { translation: {} } } });
    const root = { lang: '', dir: '' };
    const stop = followLanguage(root, instance);
    await instance.changeLanguage('ar');
    expect(root).to.deep.equal({ lang: 'ar', dir: 'rtl' });
    await instance.changeLanguage('en');
    expect(root).to.deep.equal({ lang: 'en', dir: 'ltr' });
    stop();
  });
});
