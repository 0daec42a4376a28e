import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { ManualClock, waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { createLogger } from '../../core/runtime/logger.js';
import { tokenFromJoinLink } from '../../plugins/video-openvidu/index.js';
import { startOpenViduStandIn, type OpenViduStandIn } from '../stand-ins/openvidu/index.js';
import { launchChromium, requireChromium } from '../web/browser.js';
import { startTwilioProxyRig, type TwilioProxyRig } from './twilio-proxy-harness.js';

/*
 * Issue 15, video.verifyJoin, end to end over real HTTP with nothing of ours stood in: the host
 * (pms-simulator, sms-twilio on the Twilio stand-in, proxy-default, video-openvidu on the
 * OpenVidu stand-in) publishes the lock to the real reply proxy, the patient's browser
 * (Chromium) opens the texted link on the proxy's /verify page, and only the right code
 * releases the OpenVidu link, which opens the proxy's join page.
 */

const ALEX = '+61412345678';
const ALEX_APPOINTMENT = {
  id: 'appt-alex',
  start: '2026-11-23T10:00:00+11:00',
  end: '2026-11-23T10:15:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};
const OPENVIDU_SECRET = 'e2e-openvidu-secret';
const SCREENSHOTS = join(process.cwd(), 'test-output', 'join-code');
const CODE_TEXT = /^Your code for the video consult: (\d{6})\./;

describe('join code end to end: host → real proxy gate → Chromium → OpenVidu link', function () {
  this.timeout(60_000);
  let browser: Browser;
  let clock: ManualClock;
  let openVidu: OpenViduStandIn;
  let rig: TwilioProxyRig;
  let hostLogs: string[];

  const textsTo = (to: string) =>
    rig.twilio
      .sent()
      .filter((m) => m.to === to)
      .map((m) => m.body);
  const nthTextTo = (to: string, n: number) => waitFor(() => textsTo(to)[n - 1], { what: `text ${n} to ${to}` });
  const codesSent = () => rig.twilio.sent().filter((m) => CODE_TEXT.test(m.body));

  before(async function () {
    requireChromium(this);
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    openVidu = await startOpenViduStandIn({ secret: OPENVIDU_SECRET, now: () => clock.now() });
    hostLogs = [];
    rig = await startTwilioProxyRig({
      clock,
      logger: createLogger({ level: 'debug', destination: { write: (line: string) => void hostLogs.push(line) } }),
      video: (proxyUrl) => ({
        use: 'video-openvidu',
        options: { url: openVidu.url, secret: OPENVIDU_SECRET, joinPageUrl: `${proxyUrl}/join` },
        verifyJoin: true,
      }),
    });
    await rig.api.post('/api/simulator/appointments', ALEX_APPOINTMENT);
  });
  afterEach(async () => {
    await rig?.close();
    await openVidu?.close();
  });

  async function openLink(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-AU' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { name: 'Enter the 6-digit code we texted you' }).waitFor();
    return page;
  }
  async function enterCode(page: Page, code: string): Promise<void> {
    await page.getByLabel('Enter the 6-digit code we texted you').fill(code);
    await page.getByRole('button', { name: 'Join' }).click();
  }
  const message = (page: Page, text: string) => page.locator('p[data-message]').filter({ hasText: text }).waitFor();

  it('texts a link without a token and one code to the patient only; three wrong codes lock; CODE → a new code that admits', async () => {
    await rig.host.runTodayCycle();
    expect(await nthTextTo(ALEX, 1)).to.contain('reply YES for a video consult');
    await rig.text(ALEX, 'yes');
    expect(await nthTextTo(ALEX, 2)).to.contain('will be a video consult');

    clock.set('2026-11-23T09:51:00+11:00');
    await rig.host.runTodayCycle(); // the invite
    await rig.host.runTodayCycle(); // the code, in a text of its own
    const invite = await nthTextTo(ALEX, 3);
    const firstCode = CODE_TEXT.exec(await nthTextTo(ALEX, 4))![1]!;
    const link = /(http:\/\/\S+)/.exec(invite)![1]!;
    expect(link).to.match(new RegExp(`^${rig.proxy.url}/verify#[A-Za-z0-9_-]{22,64}\\.[A-Za-z0-9_-]{43}$`));
    expect(tokenFromJoinLink(link), 'the texted link carries no OpenVidu token').to.equal(undefined);
    expect(invite).not.to.match(/wss?:\/\/|sessionId|token=/);
    expect(
      codesSent().map((m) => m.to),
      'one code text, to the patient only',
    ).to.deep.equal([ALEX]);

    const page = await openLink(link);
    await page.screenshot({ path: join(SCREENSHOTS, 'code-prompt.png'), fullPage: true });
    const wrong = String((Number(firstCode) + 1) % 1_000_000).padStart(6, '0');
    await enterCode(page, wrong);
    await message(page, '2 tries left');
    await enterCode(page, wrong);
    await message(page, '1 try left');
    await enterCode(page, wrong);
    await message(page, 'Too many wrong codes. Reply CODE to our text to get a new code.');
    await page.evaluate("document.documentElement.removeAttribute('data-answer')");
    await enterCode(page, firstCode);
    await page.locator('html[data-answer="locked"]').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'locked.png'), fullPage: true });

    // The patient texts CODE: a new code (which also unlocks the link), to their number only.
    await rig.text(ALEX, 'CODE');
    const secondCode = CODE_TEXT.exec(await nthTextTo(ALEX, 5))![1]!;
    expect(codesSent().map((m) => m.to)).to.deep.equal([ALEX, ALEX]);
    await enterCode(page, secondCode);
    await page.waitForURL((url) => url.href.startsWith(`${rig.proxy.url}/join#`));
    const token = tokenFromJoinLink(page.url());
    expect(token, "the released link is the patient's OpenVidu link").to.be.a('string');
    const room = openVidu.session(new URL(token!).searchParams.get('sessionId')!);
    const connection = room?.connections.find((c) => c.token === token);
    expect(JSON.parse(connection!.serverData).role).to.equal('patient');
    await page.screenshot({ path: join(SCREENSHOTS, 'admitted-join-page.png'), fullPage: true });

    // Neither code is in any log line of the host or the proxy, nor in the proxy's store; the
    // proxy's store holds neither the link's token nor anything about the patient.
    const logs = [...hostLogs, ...rig.proxy.logs].join('\n');
    for (const code of [firstCode, secondCode]) expect(logs).not.to.contain(code);
    const db = new Database(rig.proxy.config.storage.path, { readonly: true, fileMustExist: true });
    try {
      const rows = JSON.stringify(db.prepare('SELECT * FROM join_locks').all());
      expect(rows).to.contain('sealed');
      for (const secret of [firstCode, secondCode, token!, 'appt-alex', 'Alex', '412345678']) expect(rows).not.to.contain(secret);
    } finally {
      db.close();
    }
  });
});
