import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Fastify from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createSilentLogger, createTestContext, ManualClock, resolvePluginOptions, type TestContext } from '@clinic-arrivals/plugin-kit/testing';
import { startOpenViduStandIn, type OpenViduStandIn } from '../../../test/stand-ins/openvidu/index.js';
import plugin, { OpenViduApi, OpenViduVideoProvider, tokenFromJoinLink } from '../index.js';
import { JOIN_PAGE_HEADERS, joinPageAssets, registerJoinPage } from './index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A fake camera and microphone, allowed without a prompt.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];
// A patient's phone: headless Chromium's own user agent is one openvidu-browser refuses.
const PHONE_USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const SCREENSHOTS = join(process.cwd(), 'test-output', 'video-openvidu');
const SECRET = 'MY_SECRET';

/** Serves the join page as the proxy would (same headers) on 127.0.0.1. */
async function servePage(connectTimeoutMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const { html, files } = joinPageAssets({ basePath: '/join', connectTimeoutMs });
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

/*
 * Runs in the page before its scripts: records every data-state the page sets and what it
 * hands openvidu-browser. A string, because tsx's helper calls (`__name`) do not exist in the page.
 */
const INSTRUMENT_PAGE = `
  (() => {
    const probe = { states: [], initSessions: 0, tokens: [] };
    window.__joinProbe = probe;
    const setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name, value) {
      if (this === document.documentElement && name === 'data-state') probe.states.push(value);
      return setAttribute.call(this, name, value);
    };
    let real;
    Object.defineProperty(window, 'OpenVidu', {
      configurable: true,
      get: () => real,
      set(value) {
        const initSession = value.prototype.initSession;
        value.prototype.initSession = function (...args) {
          probe.initSessions++;
          const session = initSession.apply(this, args);
          // Set by a test that needs publishing to succeed without a media server.
          if (window.__stubPublish) session.publish = () => Promise.resolve();
          const connect = session.connect;
          session.connect = function (token, ...rest) {
            probe.tokens.push(token);
            return connect.call(this, token, ...rest);
          };
          return session;
        };
        real = value;
      },
    });
  })();
`;

interface Probe {
  states: string[];
  initSessions: number;
  tokens: string[];
}

describe('video-openvidu join page', function () {
  it('gives the proxy the page, its script, styles and the openvidu-browser bundle under one base path', function () {
    const { html, files } = joinPageAssets({ basePath: '/video/join/' });
    expect(Object.keys(files).sort()).to.deep.equal([
      '/video/join/assets/i18n/ar.json',
      '/video/join/assets/i18n/en.json',
      '/video/join/assets/i18n/es.json',
      '/video/join/assets/i18n/vi.json',
      '/video/join/assets/i18n/zh-Hans.json',
      '/video/join/assets/i18next.min.js',
      '/video/join/assets/join.css',
      '/video/join/assets/join.js',
      '/video/join/assets/openvidu-browser.min.js',
      '/video/join/assets/page-i18n.js',
    ]);
    expect(html).to.include('src="/video/join/assets/join.js"').and.include('href="/video/join/assets/join.css"');
    expect(html, 'no inline script').to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html, 'no inline style').to.not.match(/<style|style="/);
    expect(files['/video/join/assets/openvidu-browser.min.js']!.body.toString('utf8')).to.include('OpenVidu');

    const routes: string[] = [];
    registerJoinPage({ get: (path) => routes.push(path) }, { basePath: '/join' });
    expect(routes.slice(0, 6)).to.deep.equal([
      '/join',
      '/join/',
      '/join/assets/join.js',
      '/join/assets/join.css',
      '/join/assets/page-i18n.js',
      '/join/assets/openvidu-browser.min.js',
    ]);
    expect(routes).to.include('/join/assets/i18next.min.js').and.include('/join/assets/i18n/ar.json');
  });

  it('registers on a fastify app with its security headers', async function () {
    const app = Fastify();
    registerJoinPage(app, { basePath: '/join' });
    try {
      const page = await app.inject({ method: 'GET', url: '/join' });
      expect(page.statusCode).to.equal(200);
      expect(page.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(page.headers['content-security-policy']).to.include("script-src 'self'").and.not.include('unsafe');
      expect(page.headers['referrer-policy']).to.equal('no-referrer');
      expect(page.body).to.include('/join/assets/join.js');
      const script = await app.inject({ method: 'GET', url: '/join/assets/openvidu-browser.min.js' });
      expect(script.statusCode).to.equal(200);
      expect(script.headers['content-type']).to.equal('text/javascript; charset=utf-8');
      expect((await app.inject({ method: 'GET', url: '/join/' })).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });

  describe('in headless Chromium', function () {
    this.timeout(30_000);
    let browser: Browser | undefined;
    let browserContext: BrowserContext;
    let page: Page;
    let pageServer: { url: string; close(): Promise<void> };
    let standIn: OpenViduStandIn;
    let ctx: TestContext;
    let video: OpenViduVideoProvider;
    const problems: string[] = [];

    const providerFor = (server: OpenViduStandIn, extra: Record<string, unknown> = {}): OpenViduVideoProvider => {
      const options = resolvePluginOptions(plugin, { url: server.url, secret: SECRET, joinPageUrl: `${pageServer.url}/join`, ...extra });
      return new OpenViduVideoProvider({ api: new OpenViduApi(options), state: ctx.state, clock: ctx.clock, logger: createSilentLogger(), options });
    };

    before(async function () {
      if (!existsSync(CHROMIUM)) {
        console.warn(`\n  !!! SKIPPING the join page browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH) !!!\n`);
        this.skip();
      }
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      pageServer = await servePage(1_500);
      await mkdir(SCREENSHOTS, { recursive: true });
    });
    after(async function () {
      await browser?.close();
      await pageServer?.close();
    });

    beforeEach(async function () {
      // Plain ws:// tokens: the browser really joins the stand-in (which has no media server).
      standIn = await startOpenViduStandIn({ secret: SECRET, webSocket: 'ws' });
      ctx = createTestContext({ clock: new ManualClock('2026-11-23T09:00:00+11:00') });
      video = providerFor(standIn);
      browserContext = await browser!.newContext({ viewport: { width: 390, height: 844 }, userAgent: PHONE_USER_AGENT, isMobile: true });
      await browserContext.addInitScript(INSTRUMENT_PAGE);
      page = await browserContext.newPage();
      problems.length = 0;
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
      });
    });
    afterEach(async function () {
      await browserContext?.close();
      await standIn?.close();
      await ctx?.close();
    });

    // Strings, not functions: this file is type-checked without the DOM library.
    const probe = (): Promise<Probe> => page.evaluate('window.__joinProbe');
    // A locator, not waitForFunction: polling a string would need eval, which the page's CSP forbids.
    const waitForState = (state: string) => page.locator(`html[data-state="${state}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    const reason = () => page.evaluate(`document.documentElement.getAttribute('data-reason')`);
    const visibleText = () => page.locator('main').innerText();

    const room = (provider = video) =>
      provider.createRoom({
        appointmentId: 'appt-1',
        start: '2026-11-23T09:30:00+11:00',
        end: '2026-11-23T09:45:00+11:00',
        patientDisplayName: 'Sam',
        practitionerDisplayName: 'Dr Jones',
      });

    it('passes the token from the fragment to openvidu-browser, shows "connecting", then says clearly it could not connect', async function () {
      // Tokens naming wss:// on a server that speaks no TLS: the browser never gets through.
      const unreachable = await startOpenViduStandIn({ secret: SECRET, webSocket: 'wss' });
      try {
        const { patientLink } = await room(providerFor(unreachable));
        await page.goto(patientLink);
        await waitForState('link-failed');
        const seen = await probe();
        expect(seen.states.slice(0, 2)).to.deep.equal(['connecting', 'link-failed']);
        expect(seen.initSessions).to.equal(1);
        expect(seen.tokens).to.deep.equal([tokenFromJoinLink(patientLink)]);
        expect(await reason()).to.equal('timeout');
        expect(await visibleText())
          .to.include('We could not connect you with this link')
          .and.include('phone the clinic');
        expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).to.equal(true);
        expect(problems).to.deep.equal([]);
        await page.screenshot({ path: join(SCREENSHOTS, 'join-could-not-connect.png'), fullPage: true });
      } finally {
        await unreachable.close();
      }
    });

    it('shows the expired-link message when OpenVidu rejects the token (room closed)', async function () {
      const closed = await room();
      await video.closeRoom(closed);
      await page.goto(closed.patientLink);
      await waitForState('link-failed');
      expect(await reason()).to.equal('rejected');
      expect((await probe()).tokens).to.deep.equal([tokenFromJoinLink(closed.patientLink)]);
      expect(await visibleText())
        .to.include('This link has expired, or it has already been used')
        .and.include('newest link');
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-expired.png'), fullPage: true });
    });

    it('joins with the patient link: the patient counts as joined, the practitioner link is untouched', async function () {
      const consult = await room();
      expect(await video.hasPatientJoined(consult), 'before the page opens').to.equal(false);
      await page.goto(consult.patientLink);
      // Joined, then camera; publishing fails for want of a media server.
      await waitForState('link-failed');
      const seen = await probe();
      expect(seen.states.slice(0, 3)).to.deep.equal(['connecting', 'camera', 'link-failed']);
      expect(await reason()).to.equal('media');
      expect(await video.hasPatientJoined(consult)).to.equal(true);
      const practitioner = standIn.session(consult.roomId)!.connections.find((c) => JSON.parse(c.serverData).role === 'practitioner');
      expect(practitioner?.status).to.equal('pending');
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-no-media-server.png'), fullPage: true });
    });

    it('does not count the practitioner opening their link as the patient joining', async function () {
      const consult = await room();
      await page.goto(consult.practitionerLink);
      await waitForState('link-failed');
      expect((await probe()).states).to.include('camera');
      expect(await video.hasPatientJoined(consult)).to.equal(false);
    });

    it('puts each party in the waiting room with the right words, and leaving ends the call', async function () {
      await browserContext.addInitScript('window.__stubPublish = true;'); // no media server to publish to
      const consult = await room();
      await page.goto(consult.patientLink);
      await waitForState('waiting');
      expect(await visibleText())
        .to.include('The doctor will join you soon')
        .and.not.include('Waiting for the patient');
      expect(await page.locator('#self-video video').count(), 'own camera shown').to.equal(1);
      expect(await page.getByRole('link', { name: 'Invite someone' }).isVisible(), 'no clinic number in the link: no invite').to.equal(false);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-patient.png'), fullPage: true });

      const practitionerPage = await browserContext.newPage();
      await practitionerPage.goto(consult.practitionerLink);
      practitionerPage.on('pageerror', (error) => problems.push(`practitioner page error: ${error.message}`));
      await practitionerPage.locator('html[data-state="waiting"]').waitFor({ state: 'attached', timeout: 10_000 });
      expect(await practitionerPage.locator('main').innerText()).to.include('Waiting for the patient to join');
      expect(problems).to.deep.equal([]);

      await page.getByRole('button', { name: 'Leave the call' }).click();
      await waitForState('ended');
      expect(await visibleText()).to.include('The call has ended');
      const left = standIn.session(consult.roomId)!.connections.map((c) => JSON.parse(c.serverData).role);
      expect(left, 'the patient connection is gone once used and left').to.deep.equal(['practitioner']);
      expect(await video.hasPatientJoined(consult)).to.equal(true);
    });

    it('offers the patient (only) "Invite someone": a text of GUEST to the clinic\'s number', async function () {
      await browserContext.addInitScript('window.__stubPublish = true;');
      const inviting = providerFor(standIn, { guestInviteNumber: '+61480000000' });
      const consult = await room(inviting);
      expect(consult.patientLink).to.match(/\/join\?invite=61480000000#/);
      expect(consult.practitionerLink, "only the patient's link").not.to.contain('invite');
      await page.goto(consult.patientLink);
      await waitForState('waiting');
      const invite = page.getByRole('link', { name: 'Invite someone' });
      expect(await invite.isVisible()).to.equal(true);
      expect(await invite.getAttribute('href')).to.equal('sms:+61480000000?&body=GUEST');
      expect(await visibleText()).to.include('we text you a link to pass on');
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-patient-invite.png'), fullPage: true });

      // The same query on the practitioner's page or a guest's offers nothing.
      const practitionerPage = await browserContext.newPage();
      await practitionerPage.goto(consult.practitionerLink.replace('/join#', '/join?invite=61480000000#'));
      await practitionerPage.locator('html[data-state="waiting"]').waitFor({ state: 'attached', timeout: 10_000 });
      expect(await practitionerPage.getByRole('link', { name: 'Invite someone' }).isVisible()).to.equal(false);
    });

    const guestGrant = (grantId: string) => ({ grantId, displayName: 'Guest', expiresAt: '2026-11-22T23:15:00.000Z' });

    it('tells a guest whose link was withdrawn so, and whom to ask', async function () {
      const consult = await room();
      const guest = await video.createGuestLink(consult, guestGrant('gr_page_withdrawn_aaaaaaaaa'));
      await video.revokeGuest(consult, guest);
      await page.goto(guest.link);
      await waitForState('link-failed');
      expect(await reason()).to.equal('guest-withdrawn');
      expect(await visibleText())
        .to.include('This guest link was withdrawn or has expired')
        .and.include('ask the person who invited you')
        .and.not.include('already been used')
        .and.not.include('phone the clinic');
      expect(await page.getByRole('button', { name: 'Try again' }).isVisible(), 'a withdrawn link does not work on a second try').to.equal(false);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-guest-withdrawn.png'), fullPage: true });
    });

    it('lets a guest in as a guest (not the patient), and shows the withdrawn message when removed from the call', async function () {
      await browserContext.addInitScript('window.__stubPublish = true;'); // no media server to publish to
      const consult = await room();
      const guest = await video.createGuestLink(consult, guestGrant('gr_page_removed_aaaaaaaaaaa'));
      await page.goto(guest.link);
      await waitForState('waiting');
      expect(await visibleText())
        .to.include('You are joining as a guest')
        .and.not.include('The doctor will join you soon');
      expect(await video.hasPatientJoined(consult), 'a guest is not the patient').to.equal(false);
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-waiting-guest.png'), fullPage: true });

      expect(await video.revokeGuest(consult, guest)).to.deep.equal({ removedFromCall: true });
      await waitForState('link-failed');
      expect(await reason()).to.equal('guest-withdrawn');
      expect(await visibleText()).to.include('This guest link was withdrawn or has expired');
      expect(problems).to.deep.equal([]);
    });

    it('explains what to do when the camera or microphone is refused, and can ask again', async function () {
      await browserContext.addInitScript(`
        navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      `);
      const consult = await room();
      await page.goto(consult.patientLink);
      await waitForState('camera-blocked');
      expect(await visibleText())
        .to.include('We cannot use your camera or microphone')
        .and.include('Try again');
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-camera-blocked.png'), fullPage: true });
      await page.getByRole('button', { name: 'Try again' }).click();
      await waitForState('camera-blocked');
      expect((await probe()).states.filter((state) => state === 'camera')).to.have.length(2);
    });

    it('says the link is incomplete when the fragment was cut off, without touching OpenVidu', async function () {
      await page.goto(`${pageServer.url}/join#not-a-token`);
      await waitForState('no-link');
      expect((await probe()).initSessions).to.equal(0);
      expect(await visibleText()).to.include('This link is not complete');
      expect(problems).to.deep.equal([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'join-incomplete-link.png'), fullPage: true });
    });

    it('says so when the browser cannot do video calls', async function () {
      await browserContext.addInitScript('delete window.RTCPeerConnection;');
      const { patientLink } = await room();
      await page.goto(patientLink);
      await waitForState('unsupported');
      expect((await probe()).initSessions).to.equal(0);
      expect(await visibleText()).to.include('This browser cannot do video calls');
      await page.screenshot({ path: join(SCREENSHOTS, 'join-unsupported.png'), fullPage: true });
    });
  });
});
