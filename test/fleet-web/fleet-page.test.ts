import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORDS } from '../auth/staff-client.js';
import { expectAccessible, openPage, useChromium, WIDTHS, type WatchedPage } from '../web/browser.js';
import { FLEET_TOKEN, startFleet, WEST_PROBLEM, type Fleet } from './fleet-harness.js';

const SCREENSHOTS = join(process.cwd(), 'test-output', 'fleet-web');
/** Refusals these tests cause on purpose (a wrong token, the signed-out clinic app): the browser logs each. */
const EXPECTED_REFUSALS = /status of 401/;

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${page.viewportSize()?.width ?? 0}.png`), fullPage: true });
}

/**
 * The fleet host in Chromium: the vendor's page at the root lists every clinic (one failed,
 * with its config problem), and a clinic's link opens that clinic's own reception app under
 * `/c/<id>/`, where its staff sign in and every API call goes through the prefix.
 */
describe('fleet host in Chromium', function () {
  this.timeout(60_000);
  const chromium = useChromium();
  let fleet: Fleet;
  let open: WatchedPage | undefined;

  before(async () => {
    fleet = await startFleet();
  });
  after(async () => {
    await fleet?.stop();
  });
  afterEach(async function () {
    const errors = (open?.errors ?? []).filter((error) => !EXPECTED_REFUSALS.test(error));
    await open?.close();
    open = undefined;
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  /** The fleet page, its clock two minutes after north's last PMS read (the hosts run on a test clock). */
  async function fleetPage(): Promise<Page> {
    open = await openPage(chromium.browser, 'desktop');
    const { clinics } = (await (await fetch(`${fleet.url}/api/clinics`, { headers: { authorization: `Bearer ${FLEET_TOKEN}` } })).json()) as {
      clinics: Array<{ lastPollAt?: string }>;
    };
    await open.page.clock.setFixedTime(Date.parse(clinics[0]!.lastPollAt!) + 2 * 60_000);
    await open.page.goto(`${fleet.url}/`);
    return open.page;
  }

  async function pasteToken(page: Page, token: string): Promise<void> {
    await page.getByLabel('Fleet token').fill(token);
    await page.getByRole('button', { name: 'Show the clinics' }).click();
  }

  const row = (page: Page, id: string) => page.locator(`tr[data-clinic="${id}"]`);

  it('asks for the fleet token, then lists every clinic: state, health in words, last read, texts, errors, the failed one’s problem', async () => {
    const page = await fleetPage();
    await page.getByRole('heading', { level: 1, name: 'Vendor sign-in' }).waitFor();
    await expectAccessible(page, 'fleet token form');
    await shot(page, 'fleet-token');

    await pasteToken(page, 'not-the-token');
    await page.getByRole('alert').filter({ hasText: 'That token was not accepted' }).waitFor();

    await pasteToken(page, FLEET_TOKEN);
    await page.getByRole('heading', { level: 1, name: 'Clinics' }).waitFor();
    expect(await page.locator('.page-heading__sub').textContent()).to.equal('3 clinics');

    const north = row(page, 'north');
    expect(await north.getByRole('link').textContent()).to.equal('North Road Clinic');
    expect(await north.getByRole('link').getAttribute('href')).to.equal('/c/north/');
    expect(await north.getByTestId('state').textContent()).to.include('running');
    expect(await north.getByTestId('health').textContent()).to.equal('working');
    expect(await north.getByTestId('last-poll').textContent()).to.equal('2 minutes ago');
    expect(await north.getByTestId('texts').textContent()).to.match(/^\d+ sent · 0 failed · 0 unknown$/);
    expect(await row(page, 'south').getByTestId('state').textContent()).to.include('running');
    expect(await page.locator('tr[data-problem-of]').count(), 'only the failed clinic has a problem row').to.equal(1);

    const west = row(page, 'west');
    expect(await west.getByTestId('state').textContent()).to.equal('failed');
    expect(await west.getByTestId('health').textContent()).to.equal('unknown');
    expect(await west.getByTestId('last-poll').textContent()).to.equal('not yet');
    const problem = (await page.locator('tr[data-problem-of="west"]').getByTestId('problem').textContent()) ?? '';
    expect(problem).to.include('Problem at West End Family Practice:');
    for (const part of [WEST_PROBLEM.message, WEST_PROBLEM.file, WEST_PROBLEM.key, WEST_PROBLEM.fix]) expect(problem).to.include(part);

    // The token stays in this tab only: sessionStorage, no cookie.
    expect(await page.evaluate("sessionStorage.getItem('clinic-arrivals.fleet-token')")).to.equal(FLEET_TOKEN);
    expect(await page.context().cookies()).to.deep.equal([]);

    for (const width of Object.values(WIDTHS)) {
      await page.setViewportSize(width);
      await expectAccessible(page, `fleet page (${width.width})`);
      await shot(page, 'fleet-clinics');
    }
  });

  it('opens a clinic from its link: that clinic’s sign-in and Today under /c/<id>/, every API call through the prefix', async () => {
    const page = await fleetPage();
    await pasteToken(page, FLEET_TOKEN);
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (/\/api\//.test(path)) apiCalls.push(path);
    });

    await row(page, 'north').getByRole('link').click();
    // North's staff sign in at north (the vendor's token is no staff session).
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByLabel('Name').fill('anna');
    await page.getByLabel('Password').fill(PASSWORDS.anna);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/c/north/today');
    await page.locator('tr[data-appointment-id="appt-alex"]').waitFor();
    await page.locator('.app-header__clinic', { hasText: 'North Road Clinic' }).waitFor();
    await expectAccessible(page, 'north Today under the prefix');
    await shot(page, 'north-today');

    // In-app navigation keeps the prefix.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Status' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/c/north/status');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).getAttribute('href')).to.equal('/c/north/today');

    const outside = apiCalls.filter((path) => !path.startsWith('/c/north/api/'));
    expect(apiCalls, 'the app called its API').to.include.members(['/c/north/api/session', '/c/north/api/appointments/today', '/c/north/api/events']);
    expect(outside, 'API calls outside /c/north/').to.deep.equal([]);

    // The session cookie is north's alone.
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => [cookie.name, cookie.path])).to.deep.equal([['ca_session', '/c/north/']]);

    // The same browser at south: not signed in there.
    await page.goto(`${fleet.url}/c/south/status`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/c/south/status');
    await shot(page, 'south-sign-in');
  });

  it('answers a reload of a deep link under the prefix with that screen', async () => {
    open = await openPage(chromium.browser, 'tablet');
    const page = open.page;
    await page.goto(`${fleet.url}/c/south/inbox`);
    await page.getByLabel('Name').fill('rita');
    await page.getByLabel('Password').fill(PASSWORDS.rita);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Inbox' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/c/south/inbox');
    await page.locator('.app-header__clinic', { hasText: 'South Beach Medical' }).waitFor();
    await shot(page, 'south-inbox');
  });
});
