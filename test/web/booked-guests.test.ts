import { expect } from 'chai';
import { expectAccessible, openPage, screenshot, type WatchedPage, useChromium, WIDTHS } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

/*
 * Issue 15 on the Today screen: Noor's video consult needs an interpreter (the PMS says so), so
 * the row says "Interpreter needed"; reception adds one in the row's Guests section (a refusal
 * is shown clearly), the list shows kind, name, state and the masked number, and the flag goes.
 * At the invite the interpreter's link goes out and the row follows live.
 */
describe('reception app: booking an interpreter or clinician on Today', function () {
  this.timeout(60_000);
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  const chromium = useChromium();

  beforeEach(async () => {
    reception = await startReceptionHost();
    await reception.api.patch('/api/simulator/appointments/appt-noor', { interpreterRequired: true });
    await reception.host.runTodayCycle();
  });
  afterEach(async () => {
    await open?.close();
    open = undefined;
    await reception?.stop();
  });

  for (const width of Object.keys(WIDTHS) as Array<keyof typeof WIDTHS>) {
    it(`flags the consult, books an interpreter (a refusal shown first) and follows the invite (${width})`, async () => {
      open = await openPage(chromium.browser, width);
      const page = open.page;
      await page.goto(`${reception.url}/today`);
      const noor = page.locator('tr[data-appointment-id="appt-noor"]');
      await noor.waitFor();
      await noor.getByText('Interpreter needed', { exact: true }).waitFor();
      expect(await page.locator('tr[data-appointment-id="appt-alex"]').getByText('Interpreter needed').count()).to.equal(0);

      await noor.getByText('Guests', { exact: true }).click();
      const form = noor.getByRole('form', { name: 'Add interpreter or clinician' });
      await form.getByLabel('Kind').selectOption('interpreter');
      await form.getByLabel('Name shown in the call').fill('Minh (Vietnamese)');
      // Noor's own number: refused, and said so in words.
      await form.getByLabel('Mobile number').fill('0434 567 890');
      await form.getByRole('button', { name: 'Add' }).click();
      const alert = form.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).to.equal("Not added: that is the patient's own number: enter the guest's mobile");
      expect(await form.getByLabel('Name shown in the call').inputValue(), 'the fields are kept').to.equal('Minh (Vietnamese)');
      await expectAccessible(page, `Today, booking refused (${width})`);
      await screenshot(page, `today-book-guest-refused-${width}`);

      await form.getByLabel('Mobile number').fill('0491 570 156');
      await form.getByRole('button', { name: 'Add' }).click();
      const guest = noor.locator('li[data-grant-id]');
      await guest.getByText('Interpreter Minh (Vietnamese): link at the invite', { exact: false }).waitFor();
      expect(await guest.textContent()).to.contain('•••156');
      expect(await guest.textContent()).not.to.contain('570');
      await form.getByText("Minh (Vietnamese) added: their link goes out with the patient's.").waitFor();
      await noor.getByText('Interpreter needed', { exact: true }).waitFor({ state: 'detached' });
      await expectAccessible(page, `Today with an interpreter booked (${width})`);
      await screenshot(page, `today-book-guest-${width}`);

      // The invite (11:05): the interpreter's link goes out with Noor's, and the row follows live.
      reception.clock.set('2026-11-23T11:06:00+11:00');
      await reception.host.runTodayCycle();
      await guest.getByText('Interpreter Minh (Vietnamese): link sent', { exact: false }).waitFor();
      const { items } = await reception.api.get<{ items: Array<{ to: string; body: string }> }>('/api/simulator/sms/sent');
      expect(items.filter((m) => m.to === '+61491570156').map((m) => m.body.split(':')[0])).to.deep.equal([
        'You are invited to join a video consult at Test Street Medical as Minh (Vietnamese)',
      ]);
      // The browser logs the refused booking's 400 itself; nothing else went wrong.
      expect(open.errors.filter((e) => !/status of 400 .*\/api\/appointments\/appt-noor\/guests/.test(e))).to.deep.equal([]);
      await screenshot(page, `today-book-guest-sent-${width}`);
    });
  }
});
