import { expect } from 'chai';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureWebBuilt, expectAccessible, launchChromium, openPage, requireChromium, screenshot, WIDTHS, type WatchedPage, type WidthName } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

const WIDTH_NAMES = Object.keys(WIDTHS) as WidthName[];

/**
 * The simulator screen, driven as a newcomer would after `npm start`: book a patient in the
 * simulated PMS, let the host text them, answer as the patient, move the visit on in the
 * PMS, and read every text in the simulated SMS log. The host's loops are off, so the test
 * reads the injected reply itself (handleInboxOnce) where a running host would within seconds.
 */
describe('simulator screen in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  before(async function () {
    requireChromium(this);
    await ensureWebBuilt();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    reception = await startReceptionHost();
  });
  afterEach(async function () {
    const errors = open?.errors ?? [];
    await open?.close();
    open = undefined;
    await reception?.stop();
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  async function visit(path: string, width: WidthName = 'desktop'): Promise<Page> {
    await open?.close();
    open = await openPage(browser, width);
    await open.page.goto(reception.url + path);
    return open.page;
  }

  const simRow = (page: Page, name: string): Locator => page.locator('tr[data-sim-appointment]', { hasText: name });
  const logRow = (page: Page, text: string): Locator => page.locator('tr[data-sim-text]', { hasText: text });

  async function runCycle(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Run the cycle now' }).click();
    await page.getByText('The cycle has run').waitFor();
  }

  async function addKim(page: Page, time = '09:00'): Promise<void> {
    await page.getByLabel('Patient name').fill('Kim Lee');
    await page.getByLabel('Mobile').fill('0491 570 156');
    await page.getByLabel('Date').fill('2026-11-23');
    await page.getByLabel(/^Start \(clinic time/).fill(time);
    await page.getByLabel('Practitioner').fill('Dr Lee');
    await page.getByRole('button', { name: 'Add appointment' }).click();
    await simRow(page, 'Kim Lee').waitFor();
  }

  it('books a patient, texts them, takes "arrived" from them and tells them the doctor is ready', async () => {
    const page = await visit('/simulator');
    await page.getByRole('heading', { name: 'Simulator' }).waitFor();
    expect(await page.locator('.sim-intro').textContent()).to.include('Nothing on this page reaches a real patient');
    await simRow(page, 'Alex Citizen').waitFor();

    await addKim(page);
    // Clinic time, though the browser runs in UTC; the practitioner is the PMS's Dr Lee, not a new one.
    expect(await simRow(page, 'Kim Lee').textContent()).to.include('09:00').and.include('•••156').and.include('Dr Lee').and.not.include('0491');
    const kim = (await reception.api.get<{ items: Array<{ id: string; start: string; practitioner: { id: string } }> }>('/api/simulator/appointments'))
      .items.find((a) => a.start.startsWith('2026-11-23T09:00:00'))!;
    expect(kim.practitioner.id).to.equal('prac-lee');

    await runCycle(page);
    const screening = logRow(page, 'reply YES for a video consult').filter({ hasText: 'Kim Lee' });
    await screening.waitFor();
    expect(await screening.textContent()).to.include('•••156').and.not.include('0491');
    // A click shows the full simulated number.
    await screening.getByRole('button', { name: /Show the full number/ }).click();
    expect(await screening.textContent()).to.include('+61491570156');

    await page.getByLabel('From').selectOption({ label: 'Kim Lee (•••156)' });
    await page.getByRole('button', { name: 'Type ARRIVED' }).click();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).to.equal('ARRIVED');
    await page.getByRole('button', { name: 'Send text' }).click();
    await page.getByText('Sent. The host reads replies every few seconds.').waitFor();
    expect(await reception.host.handleInboxOnce()).to.equal(1);
    await logRow(page, 'We will text you when Dr Lee is ready for you').filter({ hasText: 'Kim Lee' }).waitFor();
    await simRow(page, 'Kim Lee').locator('[data-status="arrived"]').waitFor();

    await page.getByRole('link', { name: 'Today' }).click();
    const today = page.locator(`tr[data-appointment-id="${kim.id}"]`);
    await today.filter({ hasText: /arrived/i }).waitFor();
    expect(await today.textContent()).to.include('Kim').and.include('•••156');

    await page.getByRole('link', { name: 'Simulator' }).click();
    await simRow(page, 'Kim Lee').getByRole('button', { name: 'Mark the appointment of Kim Lee as Fulfilled (doctor ready)' }).click();
    await simRow(page, 'Kim Lee').locator('[data-status="fulfilled"]').waitFor();
    await runCycle(page);
    const ready = logRow(page, 'Dr Lee is ready for you now').filter({ hasText: 'Kim Lee' });
    await ready.waitFor();
    // Newest first: the doctor-ready text heads the log.
    expect(await page.locator('tr[data-sim-text]').first().textContent()).to.include('Dr Lee is ready for you now');
    const sent = await reception.api.get<{ items: Array<{ to: string; body: string }> }>('/api/simulator/sms/sent');
    expect(sent.items.filter((m) => m.to === '+61491570156').map((m) => m.body)).to.have.length(3);

    await expectAccessible(page, 'Simulator after the flow');
    await screenshot(page, 'simulator');
    const tablet = await visit('/simulator', 'tablet');
    await logRow(tablet, 'Dr Lee is ready for you now').waitFor();
    await expectAccessible(tablet, 'Simulator (tablet)');
    await screenshot(tablet, 'simulator');
  });
});
