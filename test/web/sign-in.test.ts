import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { addAnnaAndRita, PASSWORDS, startHostWith } from '../auth/staff-client.js';
import { tmpFolder } from '../e2e/simulator-host.js';
import { expectAccessible, openPage, screenshot, WIDTHS, type WatchedPage, useChromium } from './browser.js';
import { CLINIC_MORNING, SEEDED } from './reception-host.js';
import { simulatorsOf } from '../simulator-services.js';

/** Requests these tests make fail on purpose (or the signed-out app makes and is refused): the browser logs each as an error. */
const EXPECTED_REFUSALS = /status of (401|403|429)/;

/**
 * Staff sign-in in the browser, against a host bound to 0.0.0.0 (so sign-in is required) with
 * Anna (admin) and Rita (reception), opened at 127.0.0.1 as a PC on the clinic's network would.
 */
describe('staff sign-in in Chromium', function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let url: string;
  let open: WatchedPage | undefined;

  const chromium = useChromium();
  beforeEach(async () => {
    folder = tmpFolder();
    await addAnnaAndRita(folder.dir);
    host = await startHostWith(folder.dir, new ManualClock(CLINIC_MORNING), { host: '0.0.0.0' });
    url = host.apiUrl.replace('0.0.0.0', '127.0.0.1');
    const pms = simulatorsOf(host).pms;
    for (const appointment of SEEDED) await pms.upsert({ status: 'booked', isVideo: false, ...appointment });
    await host.runTodayCycle();
  });
  afterEach(async function () {
    const errors = (open?.errors ?? []).filter((error) => !EXPECTED_REFUSALS.test(error));
    await open?.close();
    open = undefined;
    await host?.stop();
    folder.remove();
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  async function visit(path: string): Promise<Page> {
    open = await openPage(chromium.browser, 'desktop');
    await open.page.goto(url + path);
    return open.page;
  }

  const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

  async function signIn(page: Page, name: string, password: string): Promise<void> {
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Presses "Sign in" and answers the status of the sign-in request it made. */
  async function submitAndWait(page: Page): Promise<number> {
    const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/session' && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await answer).status();
  }

  /** The page at both widths: a screenshot and an axe check each. */
  async function bothWidths(page: Page, name: string): Promise<void> {
    for (const width of Object.values(WIDTHS)) {
      await page.setViewportSize(width);
      await expectAccessible(page, `${name} (${width.width})`);
      await screenshot(page, name);
    }
    await page.setViewportSize(WIDTHS.desktop);
  }

  /** fetch() from the page, with the session cookie but without the app's CSRF header. */
  const bareFetch = (page: Page, method: string, path: string) =>
    page.evaluate(async ([m, p]) => (await fetch(p!, { method: m, credentials: 'same-origin' })).status, [method, path]);

  it('shows only the sign-in page until someone signs in, then Today', async () => {
    open = await openPage(chromium.browser, 'desktop');
    const page = open.page;
    // Every API answer the page got before signing in: none may carry data.
    const answered: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/')) answered.push(`${response.request().method()} ${path} ${response.status()}`);
    });
    await page.goto(url + '/today');
    await heading(page, 'Sign in');
    expect(await page.getByRole('navigation').count()).to.equal(0);
    const text = (await page.locator('body').textContent()) ?? '';
    for (const secret of ['Alex', 'Sam', 'Noor', 'Dr Lee', '•••678', SEEDED[0]!.patient.mobile]) expect(text).not.to.include(secret);
    expect(await bareFetch(page, 'GET', '/api/appointments/today')).to.equal(401);
    await bothWidths(page, 'sign-in');
    const withData = answered.filter((line) => line.endsWith(' 200') && !/^GET \/api\/(session|health) /.test(line));
    expect(withData, 'API answers with data before signing in').to.deep.equal([]);
    expect(answered).to.include('GET /api/session 200');

    await signIn(page, 'anna', PASSWORDS.anna);
    await heading(page, 'Today');
    await page.locator('tr[data-appointment-id="appt-alex"]').waitFor();
    expect(await page.locator('.app-header__user').textContent()).to.include('Signed in as anna');
    expect(new URL(page.url()).pathname).to.equal('/today');
  });

  it('says so on a wrong password, and shows the backoff after repeated ones', async () => {
    const page = await visit('/today');
    await heading(page, 'Sign in');
    await signIn(page, 'rita', 'not-her-password');
    const problem = page.getByRole('alert');
    await problem.filter({ hasText: 'wrong name or password' }).waitFor();
    expect(await problem.textContent()).to.equal('Sign-in failed: wrong name or password');
    expect(await page.getByLabel('Password').inputValue(), 'the password field keeps what was typed for a retry').to.equal('not-her-password');
    await bothWidths(page, 'sign-in-error');

    // Five failures are free; the sixth locks the name, so the next try is answered 429 with the wait.
    const statuses: number[] = [];
    while (!statuses.includes(429) && statuses.length < 10) statuses.push(await submitAndWait(page));
    expect(statuses).to.deep.equal([401, 401, 401, 401, 401, 429]);
    await problem.filter({ hasText: /too many failed sign-ins; try again in \d+ s/ }).waitFor();
    // Even the right password waits now.
    await page.getByLabel('Password').fill(PASSWORDS.rita);
    expect(await submitAndWait(page)).to.equal(429);
    await problem.filter({ hasText: /try again in \d+ s/ }).waitFor();
    await heading(page, 'Sign in');
    await bothWidths(page, 'sign-in-backoff');
  });

  it("refuses a state-changing request without the CSRF token while the app's own buttons work; sign-out ends the session", async () => {
    const page = await visit('/simulator');
    await signIn(page, 'anna', PASSWORDS.anna);
    await heading(page, 'Simulator');
    expect(await bareFetch(page, 'POST', '/api/cycle')).to.equal(403);
    expect(await bareFetch(page, 'GET', '/api/status')).to.equal(200);
    // The app sends x-csrf-token with every change.
    const answer = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/cycle');
    await page.getByRole('button', { name: 'Run the cycle now' }).click();
    expect((await answer).status()).to.equal(200);
    await page.getByText('The cycle has run').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in');
    expect(await page.getByRole('navigation').count()).to.equal(0);
    expect(await bareFetch(page, 'GET', '/api/status')).to.equal(401);
    expect(await bareFetch(page, 'GET', '/api/appointments/today')).to.equal(401);
  });

  it('keeps admin pages from a reception account', async () => {
    const page = await visit('/today');
    await signIn(page, 'rita', PASSWORDS.rita);
    await heading(page, 'Today');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Simulator' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).to.include.members(['Today', 'Inbox', 'Simulator']);
    expect(links).not.to.include.members(['Templates']);
    expect(links).not.to.include.members(['Practitioners']);

    await page.goto(`${url}/templates`);
    await heading(page, 'Templates');
    await page.getByText('This page is for administrators').waitFor();
    expect(await bareFetch(page, 'PATCH', '/api/practitioners/prac-lee')).to.equal(403);
    await expectAccessible(page, 'admins-only page');
    await screenshot(page, 'admins-only');
  });
});
