import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectAccessible, openPage, WIDTHS, type WatchedPage, type WidthName, useChromium } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';
import { progressOf, ROBIN_TOMORROW, robinWantsToCancel, saveProgress, storeOf } from '../reception-wait/seed.js';

/** Screenshots of these screens go to their own folder: test-output/web-wait/<name>-<width>.png. */
const SHOTS = join(process.cwd(), 'test-output', 'web-wait');
const WIDTH_NAMES = Object.keys(WIDTHS) as WidthName[];

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${page.viewportSize()?.width ?? 0}.png`), fullPage: true });
}

/** Two more patients tomorrow: Jo confirmed by text, Kim's answer could not be read. */
const JO_TOMORROW = {
  id: 'appt-jo',
  start: '2026-11-24T10:00:00+11:00',
  end: '2026-11-24T10:15:00+11:00',
  patient: { id: 'pat-jo', name: 'Jo Rivers', firstName: 'Jo', mobile: '0491 570 110' },
  practitioner: { id: 'prac-okafor', name: 'Dr Okafor' },
};
const KIM_TOMORROW = {
  id: 'appt-kim',
  start: '2026-11-24T11:00:00+11:00',
  end: '2026-11-24T11:15:00+11:00',
  patient: { id: 'pat-kim', name: 'Kim Tran', firstName: 'Kim', mobile: '0491 570 156' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

/** 14:02 the day before, clinic time (UTC+11). */
const JO_CONFIRMED_AT = Date.parse('2026-11-22T14:02:00+11:00');

describe('reception app in Chromium: the wait and confirm by reply', function () {
  this.timeout(60_000);
  const chromium = useChromium();
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  beforeEach(async () => {
    reception = await startReceptionHost();
    for (const appointment of [ROBIN_TOMORROW, JO_TOMORROW, KIM_TOMORROW]) await reception.api.post('/api/simulator/appointments', appointment);
    await reception.host.runUpcomingCycle();
    // Half an hour after the registration notices went out.
    reception.clock.advance(30 * 60_000);
    const now = reception.clock.now();
    // Alex is in the waiting room; what the engine recorded of the confirm questions.
    await saveProgress(reception.host, 'appt-alex', { arrivedAt: now - 5 * 60_000, arrivedBy: 'text' });
    await saveProgress(reception.host, 'appt-sam', { confirm: 'confirmed', confirmAnsweredAt: JO_CONFIRMED_AT, lateTexts: 1, lateToldMinutes: 20 });
    await saveProgress(reception.host, JO_TOMORROW.id, { confirm: 'confirmed', confirmAnsweredAt: JO_CONFIRMED_AT });
    await saveProgress(reception.host, KIM_TOMORROW.id, { confirm: 'asked', replyUnclearAt: now - 60_000 });
    await robinWantsToCancel(reception.host, now - 10 * 60_000);
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
    open = await openPage(chromium.browser, width);
    await open.page.goto(`${reception.url}${path}`);
    return open.page;
  }

  const leeCard = (page: Page) => page.locator('.queue[data-practitioner-id="prac-lee"]');

  describe('Today: the waiting room', () => {
    it('reception sets Dr Lee running late and mutes his delay texts; the store and the API follow, and each is recorded', async () => {
      const page = await visit('/today');
      const lee = leeCard(page);
      await lee.waitFor();
      expect(await lee.getByTestId('queue-delay').textContent()).to.include('On time');
      const waiting = await lee.locator('.queue__waiting li').allTextContents();
      expect(waiting[0]).to.include('10:00 Alex').and.include('here 08:25');
      expect(waiting[1]).to.include('10:30 Sam').and.include('not here yet');

      await lee.getByLabel('Running late by (minutes)').fill('30');
      await lee.getByRole('button', { name: 'Set', exact: true }).click();
      expect(await lee.locator('.confirm__question').textContent()).to.include('Set Dr Lee running late by 30 min');
      await lee.getByRole('button', { name: 'Yes, set it' }).click();
      await lee.getByTestId('queue-delay').filter({ hasText: 'Running late by 30 min' }).waitFor();
      expect(await lee.getByTestId('queue-delay').textContent()).to.include('set by reception 08:30');
      const stored = () =>
        storeOf(reception.host)
          .listPractitioners()
          .then((all) => all.find((p) => p.practitionerId === 'prac-lee'));
      expect((await stored())?.lateOverride).to.deep.include({ minutes: 30, day: '2026-11-23' });
      const queues = await reception.api.get<{ items: Array<{ practitionerId: string; delayMinutes: number; source: string }> }>('/api/practitioners/queues');
      expect(queues.items.find((q) => q.practitionerId === 'prac-lee')).to.deep.include({ delayMinutes: 30, source: 'override' });

      await lee.getByRole('button', { name: 'Mute delay texts today for Dr Lee' }).click();
      expect(await lee.locator('.confirm__question').textContent()).to.include("Stop running-late texts to Dr Lee's patients");
      await lee.getByRole('button', { name: 'Yes, mute' }).click();
      await lee.getByTestId('queue-muted').waitFor();
      expect((await stored())?.lateTextsMutedOn).to.equal('2026-11-23');
      // The other practitioner is untouched.
      expect(await page.locator('.queue[data-practitioner-id="prac-okafor"]').getByTestId('queue-muted').count()).to.equal(0);

      await page.goto(`${reception.url}/activity`);
      await page.locator('tr[data-action="late-texts"]').waitFor();
      expect(await page.locator('tr[data-action="running-late"]').textContent()).to.include('set Dr Lee running late by 30 minutes');
      expect(await page.locator('tr[data-action="late-texts"]').textContent()).to.include('muted delay texts for Dr Lee today');

      await page.goto(`${reception.url}/today`);
      await leeCard(page).getByRole('button', { name: 'Clear running late for Dr Lee' }).click();
      await leeCard(page).getByTestId('queue-delay').filter({ hasText: 'On time' }).waitFor();
      expect((await stored())?.lateOverride).to.equal(undefined);
      await leeCard(page).getByRole('button', { name: 'Unmute delay texts for Dr Lee' }).click();
      await leeCard(page).getByRole('button', { name: 'Mute delay texts today for Dr Lee' }).waitFor();
      expect((await stored())?.lateTextsMutedOn).to.equal(undefined);
    });

    it('refuses minutes it cannot set, without asking', async () => {
      const page = await visit('/today');
      const lee = leeCard(page);
      await lee.getByLabel('Running late by (minutes)').fill('300');
      expect(await lee.getByRole('button', { name: 'Set', exact: true }).isDisabled()).to.equal(true);
      expect(await lee.locator('.inline-problem').textContent()).to.include('0 to 240');
    });

    it("shows each row's estimate, its confirm answer, its delay texts and a reply that could not be read", async () => {
      const page = await visit('/today');
      const sam = page.locator('tr[data-appointment-id="appt-sam"]');
      await sam.getByTestId('estimate').waitFor();
      expect(await sam.getByTestId('estimate').textContent()).to.include('expect 10:30');
      expect(await sam.getByTestId('confirm-state').textContent()).to.equal('confirmed by text Sun 22 Nov, 14:02');
      expect(await sam.textContent()).to.include('1 delay text sent');
    });

    for (const width of WIDTH_NAMES) {
      it(`reads well and passes axe with an override and a mute set (${width})`, async () => {
        const put = await fetch(`${reception.url}/api/practitioners/prac-okafor/running-late`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ minutes: 20 }),
        });
        expect(put.status).to.equal(200);
        const page = await visit('/today', width);
        const lee = leeCard(page);
        await lee.waitFor();
        await lee.getByRole('button', { name: 'Mute delay texts today for Dr Lee' }).click();
        await lee.getByRole('button', { name: 'Yes, mute' }).click();
        await lee.getByTestId('queue-muted').waitFor();
        await lee.getByLabel('Running late by (minutes)').fill('40');
        await lee.getByRole('button', { name: 'Set', exact: true }).click();
        await lee.getByRole('button', { name: 'Yes, set it' }).click();
        await lee.getByTestId('queue-delay').filter({ hasText: '40 min' }).waitFor();
        await page.locator('tr[data-appointment-id="appt-sam"]').getByTestId('estimate').waitFor();
        await expectAccessible(page, `Today with the waiting room (${width})`);
        await shot(page, 'today-queue');
      });
    }
  });

  describe('Coming days', () => {
    it('shows what each patient answered and cancels a "wants to cancel" in one click', async () => {
      const page = await visit('/coming');
      const row = (id: string) => page.locator(`tr[data-appointment-id="${id}"]`);
      await row('appt-robin').waitFor();
      expect(await row('appt-jo').getByTestId('confirm-cell').textContent()).to.include('confirmed by text Sun 22 Nov, 14:02');
      expect(await row('appt-kim').getByTestId('confirm-cell').textContent())
        .to.include('asked to confirm')
        .and.include('Reply unclear');
      expect(await row('appt-robin').getByTestId('confirm-cell').textContent()).to.include('wants to cancel');
      expect(await row('appt-robin').textContent()).to.include('Tue 24 Nov, 09:30');
      for (const width of WIDTH_NAMES) {
        await page.setViewportSize(WIDTHS[width]);
        await expectAccessible(page, `Coming days (${width})`);
        await shot(page, 'coming-days');
      }
      await page.setViewportSize(WIDTHS.desktop);

      await row('appt-robin').getByRole('button', { name: 'Cancel appointment of Robin' }).click();
      await row('appt-robin').getByRole('button', { name: 'Yes, cancel it' }).click();
      await row('appt-robin')
        .getByTestId('confirm-cell')
        .filter({ hasText: /being cancelled|cancelled by text/ })
        .waitFor();
      expect(['cancel', 'cancelled']).to.include((await progressOf(reception.host, 'appt-robin'))?.confirm);
      await shot(page, 'coming-days-cancelled');
      expect(
        await row('appt-jo')
          .getByRole('button', { name: /Cancel/ })
          .count(),
        'only a patient who asked can be cancelled here',
      ).to.equal(0);
    });
  });

  describe('Inbox', () => {
    it("a patient's NO waiting for reception: one click cancels the appointment and closes the item", async () => {
      const page = await visit('/inbox');
      const robin = page.locator('.conversations__item', { hasText: 'Robin' });
      await robin.waitFor();
      expect(await robin.textContent()).to.include('wants to cancel');
      await robin.click();
      const text = page.locator('.conversation .text--in', { hasText: 'NO' });
      await text.waitFor();
      expect(await text.textContent()).to.include('wants to cancel');
      await shot(page, 'inbox-wants-cancel');
      await expectAccessible(page, 'Inbox with a wants-to-cancel item');
      await text.getByRole('button', { name: 'Cancel appointment of Robin' }).click();
      expect(await text.locator('.confirm__question').textContent()).to.include('Cancel this appointment in the PMS and text the patient?');
      await text.getByRole('button', { name: 'Yes, cancel it' }).click();
      await page.getByTestId('inbox-empty').waitFor();
      expect(['cancel', 'cancelled']).to.include((await progressOf(reception.host, ROBIN_TOMORROW.id))?.confirm);
      const activity = await reception.api.get<{ items: Array<{ action: string; detail?: Record<string, unknown> }> }>('/api/activity');
      expect(activity.items.find((a) => a.action === 'appointment-cancel')?.detail).to.deep.equal({ appointmentId: ROBIN_TOMORROW.id });
    });
  });
});
