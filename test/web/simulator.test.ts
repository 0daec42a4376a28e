import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { expectAccessible, screenshot, type WidthName } from './browser.js';
import { useReceptionPage } from './reception-page.js';

/**
 * The simulator screen, driven as a newcomer would after `npm start`: book a patient in the
 * simulated PMS, let the host text them, answer as the patient, move the visit on in the
 * PMS, and read every text in the simulated SMS log. The host's loops are off, so the test
 * reads the injected reply itself (handleInboxOnce) where a running host would within seconds.
 */
describe('simulator screen in Chromium', function () {
  this.timeout(60_000);
  const reception = useReceptionPage();
  const visit = (path: string, width?: WidthName): Promise<Page> => reception.visit(path, width);

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
    expect(await simRow(page, 'Kim Lee').textContent())
      .to.include('09:00')
      .and.include('•••156')
      .and.include('Dr Lee')
      .and.not.include('0491');
    const kim = (
      await reception.host.api.get<{ items: Array<{ id: string; start: string; practitioner: { id: string } }> }>('/api/simulator/appointments')
    ).items.find((a) => a.start.startsWith('2026-11-23T09:00:00'))!;
    expect(kim.practitioner.id).to.equal('prac-lee');

    await runCycle(page);
    const screening = logRow(page, 'reply YES for a video consult').filter({ hasText: 'Kim Lee' });
    await screening.waitFor();
    expect(await screening.textContent())
      .to.include('•••156')
      .and.not.include('0491');
    // A click shows the full simulated number.
    await screening.getByRole('button', { name: /Show the full number/ }).click();
    expect(await screening.textContent()).to.include('+61491570156');

    await page.getByLabel('From').selectOption({ label: 'Kim Lee (•••156)' });
    await page.getByRole('button', { name: 'Type ARRIVED' }).click();
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).to.equal('ARRIVED');
    await page.getByRole('button', { name: 'Send text' }).click();
    await page.getByText('Sent. The host reads replies every few seconds.').waitFor();
    expect(await reception.host.host.handleInboxOnce()).to.equal(1);
    await logRow(page, 'We will text you when Dr Lee is ready for you').filter({ hasText: 'Kim Lee' }).waitFor();
    await simRow(page, 'Kim Lee').locator('[data-status="arrived"]').waitFor();

    await page.getByRole('link', { name: 'Today' }).click();
    const today = page.locator(`tr[data-appointment-id="${kim.id}"]`);
    await today.filter({ hasText: /arrived/i }).waitFor();
    expect(await today.textContent())
      .to.include('Kim')
      .and.include('•••156');

    await page.getByRole('link', { name: 'Simulator' }).click();
    await simRow(page, 'Kim Lee').getByRole('button', { name: 'Mark the appointment of Kim Lee as Fulfilled (doctor ready)' }).click();
    await simRow(page, 'Kim Lee').locator('[data-status="fulfilled"]').waitFor();
    await runCycle(page);
    const ready = logRow(page, 'Dr Lee is ready for you now').filter({ hasText: 'Kim Lee' });
    await ready.waitFor();
    // Newest first: the doctor-ready text heads the log.
    expect(await page.locator('tr[data-sim-text]').first().textContent()).to.include('Dr Lee is ready for you now');
    const sent = await reception.host.api.get<{ items: Array<{ to: string; body: string }> }>('/api/simulator/sms/sent');
    expect(sent.items.filter((m) => m.to === '+61491570156').map((m) => m.body)).to.have.length(3);

    await expectAccessible(page, 'Simulator after the flow');
    await screenshot(page, 'simulator');
    const tablet = await visit('/simulator', 'tablet');
    await logRow(tablet, 'Dr Lee is ready for you now').waitFor();
    await expectAccessible(tablet, 'Simulator (tablet)');
    await screenshot(tablet, 'simulator');
  });

  it('edits and deletes appointments, and joins a video consult as the patient', async () => {
    const page = await visit('/simulator');
    await simRow(page, 'Sam Jones').waitFor();

    await simRow(page, 'Sam Jones').getByRole('button', { name: 'Edit the appointment of Sam Jones' }).click();
    await page.getByRole('heading', { name: 'Edit the appointment of Sam Jones' }).waitFor();
    expect(await page.evaluate('document.activeElement.value')).to.equal('Sam Jones');
    expect(await page.getByLabel(/^Start \(clinic time/).inputValue()).to.equal('10:30');
    await page.getByLabel(/^Start \(clinic time/).fill('10:45');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await simRow(page, 'Sam Jones').filter({ hasText: '10:45' }).waitFor();
    await page.getByRole('heading', { name: 'Add an appointment' }).waitFor();
    await page.getByText('Saved. Run the cycle to let the host read the change.').waitFor();
    const sam = (await reception.host.api.get<{ items: Array<{ id: string; start: string; end: string }> }>('/api/simulator/appointments')).items.find(
      (a) => a.id === 'appt-sam',
    )!;
    expect(new Date(sam.start).toISOString()).to.equal('2026-11-22T23:45:00.000Z');

    page.once('dialog', (dialog) => void dialog.accept());
    await simRow(page, 'Alex Citizen').getByRole('button', { name: 'Delete the appointment of Alex Citizen' }).click();
    await simRow(page, 'Alex Citizen').waitFor({ state: 'detached' });
    const ids = (await reception.host.api.get<{ items: Array<{ id: string }> }>('/api/simulator/appointments')).items.map((a) => a.id);
    expect(ids).to.have.members(['appt-sam', 'appt-noor']);

    // Noor's video consult: the host sends the link ten minutes before and makes the room.
    const noor = simRow(page, 'Noor Haddad');
    expect(await noor.textContent()).to.include('Video link not sent yet');
    reception.host.clock.set('2026-11-23T11:06:00+11:00');
    await runCycle(page);
    await logRow(page, 'Your video consult with Dr Okafor is ready to join').waitFor();
    await noor.getByRole('button', { name: 'Join video as the patient (Noor Haddad)' }).click();
    await noor.getByText('Patient in the video room').waitFor();
    const rooms = await reception.host.api.get<{ items: Array<{ patientJoined: boolean }> }>('/api/simulator/video/rooms');
    expect(rooms.items.map((r) => r.patientJoined)).to.deep.equal([true]);
    // The host sees the join on its next pass and arrives her in the PMS.
    await runCycle(page);
    await noor.locator('[data-status="arrived"]').waitFor();

    await expectAccessible(page, 'Simulator with a video consult');
  });
});
