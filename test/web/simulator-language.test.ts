import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible, screenshot } from './browser.js';
import { useReceptionPage } from './reception-page.js';

/**
 * The simulator's language field: a patient booked in Vietnamese, as a PMS would say it,
 * answers the screening question "có" and gets the yes path; the edit form shows the language
 * and an empty field clears it.
 */
describe("simulator screen: the patient's language", function () {
  this.timeout(60_000);
  const reception = useReceptionPage();

  const simRow = (page: Page, name: string): Locator => page.locator('tr[data-sim-appointment]', { hasText: name });
  const logRow = (page: Page, text: string): Locator => page.locator('tr[data-sim-text]', { hasText: text });
  type SimItem = { id: string; start: string; language?: string; patient: { name: string } };
  const simAppointment = async (name: string) =>
    (await reception.host.api.get<{ items: SimItem[] }>('/api/simulator/appointments')).items.find((a) => a.patient.name === name);

  async function runCycle(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Run the cycle now' }).click();
    await page.getByText('The cycle has run').waitFor();
  }

  it('books a Vietnamese patient whose "có" takes the yes path, and clears the language on an edit', async () => {
    const page = await reception.visit('/simulator');
    await page.getByRole('heading', { name: 'Simulator' }).waitFor();
    await page.getByLabel('Patient name').fill('Lan Pham');
    await page.getByLabel('Mobile').fill('0491 570 157');
    await page.getByLabel('Date').fill('2026-11-23');
    await page.getByLabel(/^Start \(clinic time/).fill('09:00');
    await page.getByLabel('Practitioner').fill('Dr Lee');
    await page.getByLabel("Patient's language").fill('vi');
    await screenshot(page, 'simulator-language');
    await page.getByRole('button', { name: 'Add appointment' }).click();
    await simRow(page, 'Lan Pham').waitFor();
    expect((await simAppointment('Lan Pham'))?.language).to.equal('vi');

    await runCycle(page);
    await logRow(page, 'Lan Pham').first().waitFor();
    await page.getByLabel('From').selectOption({ label: 'Lan Pham (•••157)' });
    await page.getByLabel('Text', { exact: true }).fill('Có');
    await page.getByRole('button', { name: 'Send text' }).click();
    await page.getByText('Sent. The host reads replies every few seconds.').waitFor();
    expect(await reception.host.host.handleInboxOnce()).to.equal(1);
    // The yes path, answered in Vietnamese (the shipped ScreeningYesToVideo).
    await logRow(page, 'Quý vị sẽ khám qua video').filter({ hasText: 'Lan Pham' }).waitFor();

    await simRow(page, 'Lan Pham').getByRole('button', { name: 'Edit the appointment of Lan Pham' }).click();
    expect(await page.getByLabel("Patient's language").inputValue()).to.equal('vi');
    await page.getByLabel("Patient's language").fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. Run the cycle to let the host read the change.').waitFor();
    expect(await simAppointment('Lan Pham')).not.to.have.property('language');
    await expectAccessible(page, 'Simulator with the language field');
  });
});
