import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { JoinLock } from '@clinic-arrivals/plugin-kit';
import { ClientFactory } from '../../plugins/proxy-default/client/test-harness.js';
import { expectAccessible, launchChromium, requireChromium } from '../web/browser.js';
import { makeJoinLock, otherCode } from './join-gate-support.js';
import { startTestProxy, type TestProxy } from './support.js';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'proxy-join-gate');
const PHONE = { width: 390, height: 844 };

/** A stand-in for the video provider's page: the target the gate releases. */
async function startVideoRoom(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Video room</title><h1>Video room</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('proxy: join gate page in Chromium', function () {
  this.timeout(30_000);
  let browser: Browser;
  let proxy: TestProxy;
  let clients: ClientFactory;
  let room: Awaited<ReturnType<typeof startVideoRoom>>;
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
    room = await startVideoRoom();
    errors = [];
  });
  afterEach(async () => {
    await clients.closeAll();
    await proxy.destroy();
    await room.close();
  });

  async function publish(lock: JoinLock): Promise<string> {
    const inbox = (await clients.client()).inbox;
    return (await inbox.joinGate!.publishJoinLock(lock)).url;
  }

  async function openPhonePage(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'en-AU' });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await page.goto(url);
    return page;
  }

  async function enterCode(page: Page, code: string): Promise<void> {
    await page.getByLabel('Enter the 6-digit code we texted you').fill(code);
    await page.getByRole('button', { name: 'Join' }).click();
  }

  /** Clears the page's last answer marker, so the same answer again can be waited for. */
  const forgetAnswer = (page: Page) => page.evaluate("document.documentElement.removeAttribute('data-answer')");
  const message = (page: Page) => page.locator('p[data-message]');
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  it('asks for the code, locks after three wrong ones, unlocks with a new code and opens the video link', async () => {
    const target = `${room.url}/room/r-123?token=abc`;
    const lock = makeJoinLock(proxy, target);
    const page = await openPhonePage(await publish(lock));
    await page.getByRole('heading', { name: 'Enter the 6-digit code we texted you' }).waitFor();
    await page.getByRole('button', { name: 'Join' }).waitFor();
    const input = page.getByLabel('Enter the 6-digit code we texted you');
    expect(await input.getAttribute('inputmode')).to.equal('numeric');
    expect(await input.getAttribute('autocomplete')).to.equal('one-time-code');
    await expectAccessible(page, 'join gate: code prompt');
    await shot(page, 'code-prompt');

    const wrong = otherCode(lock.code);
    await enterCode(page, wrong);
    await message(page).filter({ hasText: 'That code is not right. 2 tries left.' }).waitFor();
    await enterCode(page, wrong);
    await message(page).filter({ hasText: 'That code is not right. 1 try left.' }).waitFor();
    await shot(page, 'wrong-code');
    await enterCode(page, wrong);
    await message(page).filter({ hasText: 'Too many wrong codes. Reply CODE to our text to get a new code.' }).waitFor();
    await shot(page, 'locked');
    // The right code is refused too, until the host publishes again.
    await forgetAnswer(page);
    await enterCode(page, lock.code);
    await page.locator('html[data-answer="locked"]').waitFor();

    const renewed = { ...lock, code: otherCode(wrong) };
    await publish(renewed);
    await enterCode(page, renewed.code);
    await page.waitForURL(target);
    expect(await page.locator('h1').textContent()).to.equal('Video room');
    expect(errors).to.deep.equal([]);
  });

  it('shows the expired page for an expired link, and "not complete" for a link without its fragment', async () => {
    const lock = makeJoinLock(proxy, `${room.url}/room/r-9`);
    const url = await publish(lock);
    proxy.clock.set(Date.parse(lock.expiresAt));
    const page = await openPhonePage(url);
    await enterCode(page, lock.code);
    await page.getByRole('heading', { name: 'This link has expired. Please call the clinic.' }).waitFor();
    await shot(page, 'expired');
    // The 404 of the attempt is the browser's own console line, not a page error.
    errors = errors.filter((e) => !/status of 404/.test(e));

    await page.goto(`${proxy.url}/verify#${lock.lockId}`);
    await page.reload();
    await page.getByRole('heading', { name: 'This link is not complete' }).waitFor();
    await expectAccessible(page, 'join gate: link not complete');
    await shot(page, 'not-complete');
    expect(errors).to.deep.equal([]);
  });

  it('says when the code has expired, and when this address has tried too often', async () => {
    await proxy.destroy();
    proxy = await startTestProxy({ config: { joinGate: { attemptRate: { perSecond: 0.001, burst: 2 } } } });
    const lock = makeJoinLock(proxy, `${room.url}/room/r-7`);
    const page = await openPhonePage(await publish(lock));
    proxy.clock.set(Date.parse(lock.codeExpiresAt));
    await enterCode(page, lock.code);
    await message(page).filter({ hasText: 'This code has expired. Reply CODE to our text to get a new one.' }).waitFor();
    await forgetAnswer(page);
    await enterCode(page, lock.code);
    await page.locator('html[data-answer="code-expired"]').waitFor();
    await enterCode(page, lock.code);
    await message(page).filter({ hasText: 'Too many tries from here. Please wait a few minutes.' }).waitFor();
    await shot(page, 'too-many-tries');
    // The 429 is the browser's own console line, not a page error.
    expect(errors.filter((e) => !/429/.test(e))).to.deep.equal([]);
  });

  it('serves the page and its files with a strict CSP and no inline script', async () => {
    const page = await fetch(`${proxy.url}/verify`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).to.include("default-src 'none'").and.include("connect-src 'self'").and.include("form-action 'none'").and.not.include('unsafe-inline');
    expect(page.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(page.headers.get('cache-control')).to.equal('no-store');
    const html = await page.text();
    expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).to.not.match(/\sstyle=/);
    for (const asset of ['verify.js', 'verify-text.js', 'verify.css']) {
      const file = await fetch(`${proxy.url}/verify/assets/${asset}`);
      expect(file.status, asset).to.equal(200);
      expect(file.headers.get('content-security-policy')).to.equal(csp);
    }
  });
});
