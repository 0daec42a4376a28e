import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createSilentLogger, createTestContext, ManualClock, resolvePluginOptions, type TestContext } from '@clinic-arrivals/plugin-kit/testing';
import { startOpenViduStandIn, type OpenViduStandIn } from '../../../test/stand-ins/openvidu/index.js';
import plugin, { OpenViduApi, OpenViduVideoProvider } from '../index.js';
import { patientJoinLink } from '../links.js';
import { JOIN_PAGE_HEADERS, JOIN_PAGE_LANGUAGES, joinPageAssets } from './index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];
const PHONE_USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const SCREENSHOTS = join(process.cwd(), 'test-output', 'video-openvidu');
const SECRET = 'MY_SECRET';
const STATIC = join(import.meta.dirname, 'static');

const catalogue = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(join(STATIC, 'i18n', `${language}.json`), 'utf8')) as Record<string, string>;

async function servePage(): Promise<{ url: string; close(): Promise<void> }> {
  const { html, files } = joinPageAssets({ basePath: '/join', connectTimeoutMs: 1_500 });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/join' || path === '/join/' ? { contentType: 'text/html; charset=utf-8', body: html } : files[path];
    if (!file) return void res.writeHead(404).end();
    // The stand-in's WebSocket is plain ws:// on another port; production servers use wss:.
    const csp = JOIN_PAGE_HEADERS['content-security-policy']!.replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*");
    res.writeHead(200, { ...JOIN_PAGE_HEADERS, 'content-security-policy': csp, 'content-type': file.contentType }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('video-openvidu join page languages', function () {
  it('has one catalogue per language, each with every key of the English one and nothing else', function () {
    const english = Object.keys(catalogue('en')).sort();
    for (const language of JOIN_PAGE_LANGUAGES) expect(Object.keys(catalogue(language)).sort(), language).to.deep.equal(english);
  });

  it('lists the same languages in the page script as it serves', function () {
    const script = readFileSync(join(STATIC, 'join.js'), 'utf8');
    const listed = /SHIPPED_LANGUAGES = (\[[^\]]*\])/.exec(script)![1]!.replaceAll("'", '"');
    expect(JSON.parse(listed)).to.deep.equal([...JOIN_PAGE_LANGUAGES]);
  });

  it('keeps the English catalogue and the English in the HTML (the no-JavaScript page) the same', function () {
    const html = readFileSync(join(STATIC, 'join.html'), 'utf8');
    const english = catalogue('en');
    const marked = [...html.matchAll(/data-i18n="(\w+)"[^>]*>([^<]*)</g)];
    expect(marked.length).to.be.greaterThan(30);
    for (const [, key, text] of marked) expect(text!.replace(/\s+/g, ' ').trim(), key).to.equal(english[key!]);
  });

  it('puts the language in the patient link next to the invite number, and leaves a malformed one out', function () {
    const token = 'wss://ov.example?sessionId=s&token=tok_1';
    expect(patientJoinLink('https://p.example/join', token, undefined, 'vi')).to.match(/^https:\/\/p\.example\/join\?lang=vi#/);
    expect(patientJoinLink('https://p.example/join', token, '+61480000000', 'zh-CN')).to.match(/\/join\?invite=61480000000&lang=zh-CN#/);
    expect(patientJoinLink('https://p.example/join', token, undefined)).to.match(/\/join#/);
    expect(patientJoinLink('https://p.example/join', token, undefined, 'vi"><script>')).to.match(/\/join#/);
  });

  describe('in headless Chromium', function () {
    this.timeout(30_000);
    let browser: Browser | undefined;
    let pageServer: { url: string; close(): Promise<void> };
    let standIn: OpenViduStandIn;
    let ctx: TestContext;
    let video: OpenViduVideoProvider;
    const problems: string[] = [];

    before(async function () {
      if (!existsSync(CHROMIUM)) {
        console.warn(`\n  !!! SKIPPING the join page language tests: no Chromium at ${CHROMIUM} !!!\n`);
        this.skip();
      }
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      pageServer = await servePage();
      await mkdir(SCREENSHOTS, { recursive: true });
    });
    after(async function () {
      await browser?.close();
      await pageServer?.close();
    });
    beforeEach(async function () {
      standIn = await startOpenViduStandIn({ secret: SECRET, webSocket: 'ws' });
      ctx = createTestContext({ clock: new ManualClock('2026-11-23T09:00:00+11:00') });
      const options = resolvePluginOptions(plugin, {
        url: standIn.url,
        secret: SECRET,
        joinPageUrl: `${pageServer.url}/join`,
        guestInviteNumber: '+61480000000',
      });
      video = new OpenViduVideoProvider({ api: new OpenViduApi(options), state: ctx.state, clock: ctx.clock, logger: createSilentLogger(), options });
      problems.length = 0;
    });
    afterEach(async function () {
      await standIn?.close();
      await ctx?.close();
    });

    /** A phone whose browser speaks `locale`, publishing stubbed (the stand-in has no media server). */
    async function phone(locale: string): Promise<Page> {
      const context = await browser!.newContext({ viewport: { width: 390, height: 844 }, userAgent: PHONE_USER_AGENT, isMobile: true, locale });
      await context.addInitScript(`
        Object.defineProperty(window, 'OpenVidu', { configurable: true, get() { return this.__ov; }, set(value) {
          const initSession = value.prototype.initSession;
          value.prototype.initSession = function (...args) { const s = initSession.apply(this, args); s.publish = () => Promise.resolve(); return s; };
          this.__ov = value;
        } });
      `);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
      });
      return page;
    }

    const patientLink = async (language?: string) =>
      (
        await video.createRoom({
          appointmentId: `appt-${language ?? 'none'}`,
          start: '2026-11-23T09:30:00+11:00',
          end: '2026-11-23T09:45:00+11:00',
          patientDisplayName: 'Sam',
          practitionerDisplayName: 'Dr Jones',
          ...(language ? { language } : {}),
        })
      ).patientLink;

    const waiting = (page: Page) => page.locator('html[data-state="waiting"]').waitFor({ state: 'attached', timeout: 10_000 });
    const htmlAttribute = (page: Page, name: string) => page.evaluate(`document.documentElement.getAttribute('${name}')`);

    it('speaks Arabic right to left when the link says lang=ar, in an English browser', async function () {
      const link = await patientLink('ar');
      expect(link).to.match(/\/join\?invite=61480000000&lang=ar#/);
      const page = await phone('en-US');
      await page.goto(link);
      await waiting(page);
      expect(await htmlAttribute(page, 'lang')).to.equal('ar');
      expect(await htmlAttribute(page, 'dir')).to.equal('rtl');
      const ar = catalogue('ar');
      const text = await page.locator('main').innerText();
      expect(text).to.include(ar.waitingPatient).and.include(ar.keepOpen).and.not.include('waiting room');
      expect(await page.getByRole('link', { name: ar.invite }).isVisible()).to.equal(true);
      expect(await page.getByRole('button', { name: ar.leave }).isVisible()).to.equal(true);
      expect(await page.title()).to.equal(ar.title);
      // Right to left: the text starts at the right edge, the self view sits bottom left.
      const panel = (await page.locator('[data-role-text="patient"]').boundingBox())!;
      const videos = (await page.locator('.videos').boundingBox())!;
      const self = (await page.locator('#self-video').boundingBox())!;
      expect(await page.evaluate(`getComputedStyle(document.querySelector('[data-role-text="patient"]')).direction`)).to.equal('rtl');
      expect(self.x - videos.x, 'self view at the left').to.be.lessThan(videos.x + videos.width - (self.x + self.width));
      expect(panel.width).to.be.greaterThan(200);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-patient-ar.png'), fullPage: true });
      await page.context().close();
    });

    it('speaks Vietnamese when the link says lang=vi', async function () {
      const page = await phone('en-US');
      await page.goto(await patientLink('vi'));
      await waiting(page);
      expect(await htmlAttribute(page, 'lang')).to.equal('vi');
      expect(await htmlAttribute(page, 'dir')).to.equal('ltr');
      const vi = catalogue('vi');
      expect(await page.locator('main').innerText())
        .to.include(vi.waitingPatient)
        .and.include(vi.invite);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-patient-vi.png'), fullPage: true });
      await page.context().close();
    });

    it('speaks English for a link without a language in an English browser, and for a language it has no texts for (de)', async function () {
      for (const language of [undefined, 'de']) {
        const page = await phone('en-US');
        await page.goto(await patientLink(language));
        await waiting(page);
        expect(await htmlAttribute(page, 'lang'), String(language)).to.equal('en');
        expect(await htmlAttribute(page, 'dir')).to.equal('ltr');
        expect(await page.locator('main').innerText()).to.include('You are in the waiting room. The doctor will join you soon.');
        await page.context().close();
      }
      expect(problems).to.deep.equal([]);
    });

    it("follows the browser's language when the link has none, and takes zh-CN as Simplified Chinese", async function () {
      const page = await phone('zh-CN');
      await page.goto(await patientLink());
      await waiting(page);
      expect(await htmlAttribute(page, 'lang')).to.equal('zh-Hans');
      expect(await page.locator('main').innerText()).to.include(catalogue('zh-Hans').waitingPatient);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-patient-zh-Hans.png'), fullPage: true });
      await page.context().close();
    });

    it("gives a guest the page in the guest's browser language, not the patient's", async function () {
      const consult = await video.createRoom({
        appointmentId: 'appt-ar',
        start: '2026-11-23T09:30:00+11:00',
        end: '2026-11-23T09:45:00+11:00',
        patientDisplayName: 'Sam',
        practitionerDisplayName: 'Dr Jones',
        language: 'ar',
      });
      const guest = await video.createGuestLink(consult, {
        grantId: 'gr_lang_guest_aaaaaaaaaaaaa',
        displayName: 'Guest',
        expiresAt: '2026-11-22T23:15:00.000Z',
      });
      expect(guest.link).not.to.include('lang=');
      const page = await phone('es-ES');
      await page.goto(guest.link);
      await waiting(page);
      expect(await htmlAttribute(page, 'lang')).to.equal('es');
      expect(await page.locator('main').innerText()).to.include(catalogue('es').waitingGuest);
      expect(problems).to.deep.equal([]);
      await page.context().close();
    });
  });
});
