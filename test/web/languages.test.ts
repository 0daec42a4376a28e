import { expect } from 'chai';
import type { AppointmentListing, TimeRange } from '@clinic-arrivals/plugin-kit';
import { ManualClock, createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { simulatorsOf } from '../simulator-services.js';
import { ApiClient, CLINIC, MORNING, simulatorConfig, tmpFolder } from '../e2e/simulator-host.js';
import { expectAccessible, openPage, screenshot, useChromium, type WatchedPage } from './browser.js';

/** A Vietnamese screening text long enough to cost more than three UCS-2 segments. */
const VI_LONG = 'Chào {{ Patient.firstName }}. ' + 'Vui lòng đến quầy lễ tân. '.repeat(9) + 'Reply YES for video, NO to come in.';

/**
 * The languages asked for without texts, on the Status and Templates pages, and the SMS cost
 * per language with its warning, in Chromium against a simulator host (loopback, no accounts).
 */
describe('texts per language in Chromium: gaps and SMS cost', function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  const pages: WatchedPage[] = [];
  const chromium = useChromium();

  beforeEach(async () => {
    folder = tmpFolder();
    const config = await simulatorConfig(folder.dir, { clinic: { ...CLINIC, languages: ['vi'] }, templates: { ConsiderTeleHealth: { vi: VI_LONG } } });
    host = await startHost(config, {
      clock: new ManualClock('2026-11-23T08:00:00+11:00'),
      logger: createSilentLogger(),
      apiPort: 0,
      startLoops: false,
      printBanner: false,
    });
    const api = new ApiClient(host.apiUrl);
    for (const appointment of MORNING) await api.post('/api/simulator/appointments', appointment);
    // The PMS gives Sam's language as German, which the clinic has no texts in.
    const pms = simulatorsOf(host).pms;
    const list = pms.listAppointments.bind(pms);
    pms.listAppointments = async (range: TimeRange): Promise<AppointmentListing> => {
      const listing = await list(range);
      return { ...listing, appointments: listing.appointments.map((a) => (a.id === 'appt-sam' ? { ...a, language: 'de' } : a)) };
    };
    await host.runTodayCycle();
  });

  afterEach(async function () {
    const errors = pages.flatMap((open) => open.errors);
    for (const open of pages.splice(0)) await open.close();
    await host?.stop();
    folder?.remove();
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  it('lists "de (ConsiderTeleHealth)" on the Status page, at desktop and tablet widths', async () => {
    for (const width of ['desktop', 'tablet'] as const) {
      const open = await openPage(chromium.browser, width);
      pages.push(open);
      await open.page.goto(`${host.apiUrl}/status`);
      const gaps = open.page.getByTestId('language-gaps');
      await gaps.getByText('de (ConsiderTeleHealth)').waitFor();
      expect(await gaps.getByRole('heading').textContent()).to.equal('Languages asked for without texts');
      expect(await gaps.textContent()).to.include('1 text, last');
      await expectAccessible(open.page, `status page with language gaps (${width})`);
      await screenshot(open.page, 'status-language-gaps');
    }
  });

  it('shows the gap, segments per language and the warning past three segments on the Templates page', async () => {
    const open = await openPage(chromium.browser, 'desktop');
    pages.push(open);
    await open.page.goto(`${host.apiUrl}/templates`);
    await open.page.getByTestId('language-gaps').getByText('de (ConsiderTeleHealth)').waitFor();
    await open.page.locator('[data-template="ConsiderTeleHealth"]').click();
    const table = open.page.getByTestId('template-languages');
    const vi = table.locator('tr[data-language="vi"]');
    await vi.waitFor();
    expect(Number(await vi.getAttribute('data-segments'))).to.be.greaterThan(3);
    expect(await vi.getAttribute('data-dear')).to.equal('true');
    expect(await vi.textContent())
      .to.include('UCS-2')
      .and.include('Over 3 segments');
    expect(await table.locator('tr[data-language="en"]').getAttribute('data-dear')).to.equal(null);
    // Edit the Vietnamese text: the editor shows it, and the preview renders it.
    await vi.getByRole('button', { name: 'Edit' }).click();
    await open.page.getByText('Editing the vi text').waitFor();
    expect(await open.page.locator('textarea').inputValue()).to.equal(VI_LONG);
    await open.page.getByTestId('template-preview').getByText('Chào Alex', { exact: false }).waitFor();
    await expectAccessible(open.page, 'templates page by language');
    await screenshot(open.page, 'templates-languages');
  });
});
