import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from '../e2e/simulator-host.js';
import { expectAccessible, openPage, screenshot, WIDTHS, type WatchedPage, type WidthName, useChromium } from './browser.js';
import { CLINIC_MORNING, SEEDED, startReceptionHost, type ReceptionHost } from './reception-host.js';
import { simulatorsOf } from '../simulator-services.js';

const WIDTH_NAMES = Object.keys(WIDTHS) as WidthName[];

/** Robin has an appointment tomorrow, so today's workflow has nothing waiting for a reply from him. */
const ROBIN = {
  id: 'appt-robin',
  start: '2026-11-24T09:30:00+11:00',
  end: '2026-11-24T09:45:00+11:00',
  patient: { id: 'pat-robin', name: 'Robin Park', firstName: 'Robin', mobile: '0491 570 159' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};
const ROBIN_E164 = '+61491570159';
const QUESTION = 'Can I bring my son too?';
const ANSWER = 'Yes of course, see you tomorrow at 9:30.';

describe('reception app in Chromium: Inbox and Sends to check', function () {
  this.timeout(60_000);
  let open: WatchedPage | undefined;
  /** HTTP statuses the current test provokes on purpose (the browser logs them as console errors). */
  let expectedRefusals: number[] = [];

  /** The closed page's console errors, kept for the check after each test. */
  let pageErrors: string[] = [];
  /** Closes the page before its host stops: a status poll to a stopped host would log an error of its own. */
  const closePage = async () => {
    if (!open) return;
    pageErrors = open.errors;
    await open.close();
    open = undefined;
  };

  const chromium = useChromium();
  afterEach(async function () {
    await closePage();
    const errors = pageErrors;
    pageErrors = [];
    // A refusal the test asked for is logged by the browser as a failed resource; anything else fails the test.
    const unexpected = errors.filter((error) => !expectedRefusals.some((status) => error.includes(`status of ${status}`)));
    expectedRefusals = [];
    if (this.currentTest?.state === 'passed') expect(unexpected, 'errors in the page console').to.deep.equal([]);
  });

  async function visit(url: string, width: WidthName = 'desktop'): Promise<Page> {
    await open?.close();
    open = await openPage(chromium.browser, width);
    await open.page.goto(url);
    return open.page;
  }

  const conversationButton = (page: Page, name: string) => page.locator('.conversations__item', { hasText: name });

  describe('Inbox', () => {
    let reception: ReceptionHost;
    beforeEach(async () => {
      reception = await startReceptionHost();
      await reception.api.post('/api/simulator/appointments', ROBIN);
      await reception.host.runUpcomingCycle();
    });
    afterEach(async () => {
      await closePage();
      await reception?.stop();
    });

    /** Robin texts the clinic; the host reads it (its loops are driven by the test). */
    async function robinAsks(body = QUESTION): Promise<void> {
      await reception.api.post('/api/simulator/inbox', { from: '0491 570 159', body });
      expect(await reception.host.handleInboxOnce()).to.equal(1);
    }

    it("shows a patient question live, sends reception's answer once, and moves the conversation to Done", async () => {
      const page = await visit(`${reception.url}/inbox`);
      await page.getByTestId('inbox-empty').waitFor();
      await robinAsks();
      // No reload: the live stream's change event brings it.
      const robin = conversationButton(page, 'Robin');
      await robin.waitFor();
      expect(await robin.textContent())
        .to.include('•••159')
        .and.include('unexpected text')
        .and.include('1 new')
        .and.include('Mon 23 Nov');
      await robin.click();
      const conversation = page.locator('.conversation');
      await conversation.locator('.text--in', { hasText: QUESTION }).waitFor();
      // Nothing was waiting for his reply, so the text is not matched; reception links it to his appointment tomorrow.
      expect(await conversation.locator('.conversation__appointment').textContent())
        .to.include('Not matched')
        .and.include('Tue 24 Nov, 09:30');
      await conversation.getByLabel('Link to appointment').selectOption('appt-robin');
      await conversation.getByRole('button', { name: 'Link', exact: true }).click();
      await conversation.getByTestId('matched-appointment').waitFor();
      expect(await conversation.getByTestId('matched-appointment').textContent())
        .to.include('Robin')
        .and.include('Tue 24 Nov, 09:30')
        .and.include('Dr Lee');

      const box = page.getByLabel('Reply to the patient');
      await box.fill(ANSWER);
      expect(await page.locator('.reply-box__count').textContent())
        .to.include('1 SMS')
        .and.include('GSM-7');
      // A double click: one request id, one text.
      await page.getByRole('button', { name: 'Send reply' }).dblclick();
      await page.locator('[data-outcome="ok"], [data-outcome="warn"]').first().waitFor();
      await conversation.locator('.text--out', { hasText: ANSWER }).waitFor();
      const sent = await reception.api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
      expect(
        sent.items.filter((text) => text.to === ROBIN_E164 && text.body.includes(ANSWER)),
        'the answer, exactly once',
      ).to.have.length(1);
      expect(await conversation.locator('.text--out', { hasText: ANSWER }).textContent())
        .to.include('staff reply')
        .and.include('sent');
      expect(await page.evaluate('performance.getEntriesByType("navigation").length')).to.equal(1);

      await page.getByRole('button', { name: 'Mark done' }).click();
      await page.getByTestId('inbox-empty').waitFor();
      await page.getByRole('button', { name: 'Done', exact: true }).click();
      await conversationButton(page, 'Robin').waitFor();
      expect(await conversationButton(page, 'Robin').textContent()).not.to.include('new');
    });

    it('shows the full number only after "Show full number" is clicked', async () => {
      await robinAsks();
      const page = await visit(`${reception.url}/inbox`);
      await conversationButton(page, 'Robin').click();
      await page.locator('.conversation .text--in').waitFor();
      const main = page.locator('main');
      for (const form of [ROBIN_E164, '0491 570 159', '491570159']) expect(await main.textContent()).not.to.include(form);
      await page.getByRole('button', { name: 'Show full number' }).click();
      await page.getByTestId('full-number').waitFor();
      expect(await page.getByTestId('full-number').textContent()).to.include(ROBIN_E164);
      const activity = await reception.api.get<{ items: Array<{ action: string }> }>('/api/activity');
      expect(activity.items.map((item) => item.action)).to.include('reveal-number');
    });

    it('says why a reply was refused next to the box, and flags a text that failed', async () => {
      await robinAsks();
      const page = await visit(`${reception.url}/inbox`);
      await conversationButton(page, 'Robin').click();
      // Robin opts out: the host refuses to text him.
      await robinAsks('STOP');
      expectedRefusals = [409];
      await page.getByLabel('Reply to the patient').fill(ANSWER);
      await page.getByRole('button', { name: 'Send reply' }).click();
      const refusal = page.locator('[data-outcome="error"]');
      await refusal.waitFor();
      expect(await refusal.textContent()).to.include('opted out');
      expect(await page.getByLabel('Reply to the patient').inputValue(), 'the text is kept').to.equal(ANSWER);

      await robinAsks('START');
      simulatorsOf(reception.host).sms.failNext('invalid-number');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await refusal.filter({ hasText: 'could not be sent' }).waitFor();
      const failed = page.locator('.text--out.text--flagged', { hasText: ANSWER });
      await failed.waitFor();
      expect(await failed.textContent())
        .to.include('Not delivered')
        .and.include('failed');
    });

    for (const width of WIDTH_NAMES) {
      it(`reads well and passes axe: list and conversation (${width})`, async () => {
        await robinAsks();
        await reception.api.post('/api/simulator/inbox', { from: '0491 570 110', body: 'Who is this?' });
        await reception.host.handleInboxOnce();
        const page = await visit(`${reception.url}/inbox`, width);
        await conversationButton(page, 'Robin').waitFor();
        await conversationButton(page, 'Unknown caller').waitFor();
        await expectAccessible(page, `Inbox list (${width})`);
        await screenshot(page, 'inbox-list');
        await conversationButton(page, 'Robin').click();
        await page.locator('.conversation .text--in').waitFor();
        await page.getByLabel('Reply to the patient').fill(ANSWER);
        await expectAccessible(page, `Inbox conversation (${width})`);
        await screenshot(page, 'inbox-conversation');
        if (width === 'tablet') {
          // One column: the list comes back with "Back to the list".
          await page.getByRole('button', { name: 'Back to the list' }).click();
          await conversationButton(page, 'Unknown caller').waitFor();
        }
      });
    }
  });

  describe('Sends to check', () => {
    let folder: ReturnType<typeof tmpFolder>;
    let host: Awaited<ReturnType<typeof startSimulatorHost>> | undefined;
    const clock = new ManualClock(CLINIC_MORNING);

    /** A host whose last run was cut off mid-send: one text's outcome is unknown after the restart. */
    beforeEach(async () => {
      folder = tmpFolder();
      host = await startSimulatorHost(folder.dir, clock);
      const api = new ApiClient(host.apiUrl);
      for (const appointment of SEEDED) await api.post('/api/simulator/appointments', appointment);
      await host.runTodayCycle();
      await host.stop();
      const store = await openSqliteStore(join(folder.dir, 'store.sqlite'));
      await store.beginSend(
        { key: 'cut-off:appt-sam:doctor-ready', appointmentId: 'appt-sam', to: '+61423456789', template: 'DoctorReady', body: 'Dr Lee is ready for you.' },
        clock.now(),
      );
      await store.close();
      host = await startSimulatorHost(folder.dir, clock);
    });
    afterEach(async () => {
      await closePage();
      await host?.stop();
      folder.remove();
    });

    it('lists the unknown send and resolves it with "It arrived"; the banner stops counting it', async () => {
      const page = await visit(`${host!.apiUrl}/sends`);
      const row = page.locator('tr[data-send-id]');
      // The appointment's name comes with today's list, which may answer after the sends do.
      await row.locator('[data-appointment-id="appt-sam"]').waitFor();
      expect(await row.textContent())
        .to.include('Doctor is ready')
        .and.include('Sam, 10:30 with Dr Lee')
        .and.include('•••789')
        .and.include('Mon 23 Nov');
      expect(await row.textContent()).not.to.include('Dr Lee is ready for you');
      const banner = page.locator('.status-banner');
      await banner.filter({ hasText: 'may or may not have reached' }).waitFor();
      expect(await banner.getAttribute('data-level')).to.equal('red');

      await row.getByRole('button', { name: 'It arrived' }).click();
      await page.getByTestId('sends-empty').waitFor();
      await banner.filter({ hasText: 'Everything is working' }).waitFor();
      await page.getByRole('button', { name: 'Resolved' }).click();
      await row.waitFor();
      expect(await row.textContent()).to.include('Marked arrived by');
      const unknown = await new ApiClient(host!.apiUrl).get<{ items: unknown[] }>('/api/messages/unknown');
      expect(unknown.items).to.deep.equal([]);
    });

    it('asks before sending again, then sends it once', async () => {
      const page = await visit(`${host!.apiUrl}/sends`);
      const row = page.locator('tr[data-send-id]');
      await row.getByRole('button', { name: 'Send again' }).click();
      await row.getByText('the patient gets it twice').waitFor();
      await row.getByRole('button', { name: 'Cancel' }).click();
      expect(await row.getByText('the patient gets it twice').count()).to.equal(0);
      await row.getByRole('button', { name: 'Send again' }).click();
      await row.getByRole('button', { name: 'Yes, send it again' }).click();
      await page.getByTestId('sends-empty').waitFor();
      const sent = await new ApiClient(host!.apiUrl).get<{ items: SentText[] }>('/api/simulator/sms/sent');
      expect(sent.items.filter((text) => text.to === '+61423456789' && text.body === 'Dr Lee is ready for you.')).to.have.length(1);
    });

    it('shows "send again" refused by the provider next to the row', async () => {
      const page = await visit(`${host!.apiUrl}/sends`);
      const row = page.locator('tr[data-send-id]');
      simulatorsOf(host!).sms.failNext('invalid-number');
      expectedRefusals = [502, 503];
      await row.getByRole('button', { name: 'Send again' }).click();
      await row.getByRole('button', { name: 'Yes, send it again' }).click();
      const problem = row.getByRole('alert');
      await problem.waitFor();
      expect(await problem.textContent()).to.match(/refused the text|not answering/);
      expect(await row.getByRole('button', { name: 'It arrived' }).count(), 'still listed').to.equal(1);
    });

    for (const width of WIDTH_NAMES) {
      it(`reads well and passes axe (${width})`, async () => {
        // A text that failed, for the list under the unknown sends.
        const api = new ApiClient(host!.apiUrl);
        simulatorsOf(host!).sms.failNext('invalid-number');
        await api.post('/api/simulator/appointments', {
          id: 'appt-kim',
          start: '2026-11-23T10:45:00+11:00',
          patient: { id: 'pat-kim', name: 'Kim Lee', firstName: 'Kim', mobile: '0491 570 156' },
          practitioner: { id: 'prac-lee', name: 'Dr Lee' },
        });
        await host!.runTodayCycle();
        const page = await visit(`${host!.apiUrl}/sends`, width);
        await page.locator('tr[data-send-id]').waitFor();
        await page.locator('tr[data-sent-id]').first().waitFor();
        expect(await page.locator('.failed-texts').textContent())
          .to.include('•••156')
          .and.include('failed');
        await expectAccessible(page, `Sends to check (${width})`);
        await screenshot(page, 'sends');
      });
    }
  });
});
