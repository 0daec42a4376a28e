import { expect } from 'chai';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { JoinLock } from '@clinic-arrivals/plugin-kit';
import { ClientFactory } from '../../plugins/proxy-default/client/test-harness.js';
import { launchChromium, requireChromium } from '../web/browser.js';
import { VERIFY_PAGE_LANGUAGES, verifyPageFiles } from '../../plugins/proxy-default/server/verify-page/index.js';
import { makeJoinLock, otherCode } from './join-gate-support.js';
import { startTestProxy, type TestProxy } from './support.js';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'proxy-join-gate');
const PHONE = { width: 390, height: 844 };
const VERIFY_STATIC = join(process.cwd(), 'plugins', 'proxy-default', 'server', 'verify-page', 'static');
const JOIN_STATIC = join(process.cwd(), 'plugins', 'video-openvidu', 'join-page', 'static');

const catalogue = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(join(VERIFY_STATIC, 'i18n', `${language}.json`), 'utf8')) as Record<string, string>;

describe('proxy: join gate page languages', function () {
  this.timeout(30_000);

  it('has every English key in each catalogue (plural forms as the language has them), and the English of the HTML', function () {
    const singular = (keys: string[]) => [...new Set(keys.map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    const english = catalogue('en');
    for (const language of ['es', 'vi', 'zh-Hans', 'ar']) {
      const keys = Object.keys(catalogue(language));
      expect(singular(keys), language).to.deep.equal(singular(Object.keys(english)));
      expect(keys, `${language} has the "other" plural form`).to.include('wrongCode_other');
    }
    expect(Object.keys(catalogue('ar')).filter((key) => key.startsWith('wrongCode_'))).to.have.length(6);
    const html = readFileSync(join(VERIFY_STATIC, 'verify.html'), 'utf8');
    const marked = [...html.matchAll(/data-i18n="(\w+)"[^>]*>([^<]*)</g)];
    expect(marked.length).to.be.greaterThan(10);
    for (const [, key, text] of marked) expect(text!.replace(/\s+/g, ' ').trim(), key).to.equal(english[key!]);
  });

  it('lists the same languages in the page as it serves', function () {
    const script = readFileSync(join(VERIFY_STATIC, 'verify-text.js'), 'utf8');
    const listed = /VERIFY_LANGUAGES = (\[[^\]]*\])/.exec(script)![1]!.replaceAll("'", '"');
    expect(JSON.parse(listed)).to.deep.equal([...VERIFY_PAGE_LANGUAGES]);
  });

  it("serves the video join page's own page-i18n.js (one file for both pages)", function () {
    const served = verifyPageFiles().get('/verify/assets/page-i18n.js');
    expect(served?.body.toString('utf8')).to.equal(readFileSync(join(JOIN_STATIC, 'page-i18n.js'), 'utf8'));
  });

  describe('in Chromium', function () {
    let browser: Browser;
    let proxy: TestProxy;
    let clients: ClientFactory;
    let errors: string[];

    before(async function () {
      requireChromium(this);
      mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      proxy = await startTestProxy({ config: { joinGate: { attemptRate: { perSecond: 1000, burst: 1000 } } } });
      clients = new ClientFactory(() => proxy.url);
      errors = [];
    });
    afterEach(async () => {
      await clients.closeAll();
      await proxy.destroy();
    });

    async function publish(lock: JoinLock): Promise<string> {
      return (await (await clients.client()).inbox.joinGate!.publishJoinLock(lock)).url;
    }

    async function openPhonePage(url: string, locale = 'en-US'): Promise<Page> {
      const context = await browser.newContext({ viewport: PHONE, locale });
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()}`);
      });
      await page.goto(url);
      return page;
    }

    const html = (page: Page, name: string) => page.evaluate(`document.documentElement.getAttribute('${name}')`);
    const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

    /** Opens the lock's page, checks its language and direction, and enters wrong codes until one try is left. */
    async function wrongCodesIn(language: string, dir: 'ltr' | 'rtl'): Promise<void> {
      const lock = makeJoinLock(proxy, 'https://video.example/room/1', { language });
      const url = await publish(lock);
      expect(url).to.match(new RegExp(`/verify\\?lang=${language}#${lock.lockId}\\.`));
      const page = await openPhonePage(url);
      const texts = catalogue(language);
      const input = page.getByLabel(texts.codePrompt!);
      await input.waitFor();
      expect(await html(page, 'lang')).to.equal(language);
      expect(await html(page, 'dir')).to.equal(dir);
      expect(await page.title()).to.equal(texts.title);
      expect(await page.locator('main').innerText()).to.include(texts.codeHint);
      await shot(page, `code-prompt-${language}`);

      const wrong = otherCode(lock.code);
      const plural = new Intl.PluralRules(language);
      for (const left of [2, 1]) {
        await input.fill(wrong);
        await page.getByRole('button', { name: texts.join }).click();
        const expected = (texts[`wrongCode_${plural.select(left)}`] ?? texts.wrongCode_other!).replace('{{count}}', String(left));
        await page.locator('p[data-message]').filter({ hasText: expected }).waitFor();
      }
      await shot(page, `wrong-code-${language}`);
      expect(errors).to.deep.equal([]);
      await page.context().close();
    }

    it('asks for the code in Arabic, right to left, and counts the tries left with Arabic plurals (two, one)', async () => {
      await wrongCodesIn('ar', 'rtl');
    });

    it('asks for the code in Vietnamese', async () => {
      await wrongCodesIn('vi', 'ltr');
    });

    it('speaks English without a language in an English browser, and for a language it has no texts for (de)', async () => {
      for (const language of [undefined, 'de']) {
        const lock = makeJoinLock(proxy, 'https://video.example/room/2', language ? { language } : {});
        const page = await openPhonePage(await publish(lock));
        await page.getByLabel('Enter the 6-digit code we texted you').waitFor();
        expect(await html(page, 'lang'), String(language)).to.equal('en');
        expect(await html(page, 'dir')).to.equal('ltr');
        await page.context().close();
      }
      expect(errors).to.deep.equal([]);
    });

    it('leaves a malformed language out of the url', async () => {
      const lock = makeJoinLock(proxy, 'https://video.example/room/4', { language: 'vi#x' });
      expect(await publish(lock)).to.match(new RegExp(`/verify#${lock.lockId}\\.`));
    });

    it("follows the browser's language when the link has none", async () => {
      const page = await openPhonePage(await publish(makeJoinLock(proxy, 'https://video.example/room/3')), 'es-MX');
      await page.getByLabel(catalogue('es').codePrompt!).waitFor();
      expect(await html(page, 'lang')).to.equal('es');
      expect(errors).to.deep.equal([]);
    });
  });
});
