import { expect } from 'chai';
import { expectAccessible, openPage, screenshot, type WatchedPage, useChromium, WIDTHS } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

const ALEX = '+61412345678';

/*
 * Issue 15 on the Today screen: a video patient invited a guest by replying GUEST; reception
 * opens the row's guest list, sees the guest's state (never the link) and revokes it.
 */
describe('reception app: guests of a video consult on Today', function () {
  this.timeout(60_000);
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  const chromium = useChromium();
  const reply = async (body: string) => {
    await reception.api.post('/api/simulator/inbox', { from: ALEX, body });
    expect(await reception.host.handleInboxOnce()).to.equal(1);
  };

  beforeEach(async () => {
    reception = await startReceptionHost();
    await reply('YES');
    reception.clock.set('2026-11-23T09:51:00+11:00');
    await reception.host.runTodayCycle();
    await reply('GUEST');
    // The guest opens their link; the next pass sees them in the call.
    const [grant] = (await reception.api.get<{ items: Array<{ grantId: string }> }>('/api/appointments/appt-alex/guests')).items;
    const [room] = (await reception.api.get<{ items: Array<{ roomId: string }> }>('/api/simulator/video/rooms')).items;
    await reception.api.post(`/api/simulator/video/${room!.roomId}/guest-join`, { grantId: grant!.grantId });
    reception.clock.set('2026-11-23T09:53:00+11:00');
    await reception.host.runTodayCycle();
  });
  afterEach(async () => {
    await open?.close();
    open = undefined;
    await reception?.stop();
  });

  for (const width of Object.keys(WIDTHS) as Array<keyof typeof WIDTHS>) {
    it(`lists the guest and revokes it (${width})`, async () => {
      open = await openPage(chromium.browser, width);
      const page = open.page;
      await page.goto(`${reception.url}/today`);
      const alex = page.locator('tr[data-appointment-id="appt-alex"]');
      await alex.waitFor();
      await alex.getByText('Guests', { exact: true }).click();
      const guest = alex.locator('li[data-grant-id]');
      await guest.getByText('Guest 1: link sent', { exact: false }).waitFor();
      await guest.getByText('joined the call 09:53', { exact: false }).waitFor();
      expect(await guest.textContent()).not.to.contain('http');
      await expectAccessible(page, `Today with a guest listed (${width})`);
      await screenshot(page, `today-guest-${width}`);

      await guest.getByRole('button', { name: 'Revoke guest 1' }).click();
      await guest.getByText('revoked by local', { exact: false }).waitFor();
      expect(await guest.getByRole('button').count()).to.equal(0);
      const { items } = await reception.api.get<{ items: Array<{ state: string; revokedBy?: string }> }>('/api/appointments/appt-alex/guests');
      expect(items.map((g) => [g.state, g.revokedBy])).to.deep.equal([['revoked', 'local']]);
      expect(open.errors).to.deep.equal([]);
      await screenshot(page, `today-guest-revoked-${width}`);
    });
  }
});
