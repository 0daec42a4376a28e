import { expect } from 'chai';
import { expectAccessible, openPage, screenshot, type WatchedPage, useChromium } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

const ALEX = '+61412345678';

/*
 * A status callback the provider sends after the fact (the handset was unreachable) reaches an
 * open Today screen by itself: the row of that appointment stands out as not delivered.
 */
describe('reception app: an undelivered text stands out on Today', function () {
  this.timeout(60_000);
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  const chromium = useChromium();
  beforeEach(async () => {
    reception = await startReceptionHost();
  });
  afterEach(async () => {
    await open?.close();
    open = undefined;
    await reception?.stop();
  });

  it('flags the row live when the callback says undelivered, with the provider error code', async () => {
    open = await openPage(chromium.browser, 'desktop');
    const page = open.page;
    await page.goto(`${reception.url}/today`);
    const alex = page.locator('tr[data-appointment-id="appt-alex"]');
    await alex.waitFor();
    expect((await alex.getAttribute('class')) ?? '').to.not.include('attention');

    const { items } = await reception.api.get<{ items: Array<{ to: string; providerId: string }> }>('/api/simulator/sms/sent');
    const screening = items.find((text) => text.to === ALEX);
    expect(screening, 'the screening question went to Alex').to.not.equal(undefined);
    await reception.api.post('/api/simulator/sms/status', { providerId: screening!.providerId, status: 'undelivered', errorCode: '30003' });

    await page.locator('tr.attention[data-appointment-id="appt-alex"]').waitFor({ timeout: 20_000 });
    expect(await alex.textContent()).to.include('Not delivered');
    expect(open.errors).to.deep.equal([]);
    await expectAccessible(page, 'Today with an undelivered text');
    await screenshot(page, 'today-undelivered');
  });
});
