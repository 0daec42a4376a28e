import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { expectAccessible, screenshot, WIDTHS, type WidthName } from './browser.js';
import { useReceptionPage } from './reception-page.js';
import { simulatorsOf } from '../simulator-services.js';

const WIDTH_NAMES = Object.keys(WIDTHS) as WidthName[];

/**
 * Replaces the page's EventSource with one the test drives (open, change event, dropped,
 * refused), so live behaviour is checked without a server stream and without waiting.
 * A string: it runs in the page, before the app's scripts.
 */
const FAKE_EVENT_SOURCE = `
  (() => {
    const sources = [];
    class FakeEventSource extends EventTarget {
      constructor(url) { super(); this.url = url; this.readyState = 0; sources.push(this); }
      close() { this.readyState = 2; }
    }
    FakeEventSource.CONNECTING = 0; FakeEventSource.OPEN = 1; FakeEventSource.CLOSED = 2;
    window.EventSource = FakeEventSource;
    const last = () => sources[sources.length - 1];
    window.__live = {
      url: () => new URL(last().url, location.href).pathname,
      open() { last().readyState = 1; last().dispatchEvent(new Event('open')); },
      change(topic) { last().dispatchEvent(new MessageEvent('change', { data: JSON.stringify({ topic }) })); },
      drop() { last().readyState = 0; last().dispatchEvent(new Event('error')); },
    };
  })();
`;

describe('reception app in Chromium', function () {
  this.timeout(60_000);
  const reception = useReceptionPage();
  const visit = (path: string, width?: WidthName): Promise<Page> => reception.visit(path, width);

  const row = (page: Page, id: string) => page.locator(`tr[data-appointment-id="${id}"]`);

  /** Reception books Kim in the PMS at noon; the host reads it on its next pass. */
  async function addKim(): Promise<void> {
    await reception.host.api.post('/api/simulator/appointments', {
      id: 'appt-kim',
      start: '2026-11-23T12:00:00+11:00',
      patient: { id: 'pat-kim', name: 'Kim Lee', firstName: 'Kim', mobile: '0491 570 156' },
      practitioner: { id: 'prac-lee', name: 'Dr Lee' },
    });
    await reception.host.host.runTodayCycle();
  }

  describe('Today', () => {
    for (const width of WIDTH_NAMES) {
      it(`lists the seeded appointments in clinic time with masked numbers (${width})`, async () => {
        const page = await visit('/today', width);
        await row(page, 'appt-noor').waitFor();
        const alex = row(page, 'appt-alex');
        // The viewer's browser runs in UTC; 10:00 in Melbourne is 23:00 UTC the day before.
        expect(await alex.locator('time').textContent()).to.equal('10:00');
        expect(await alex.textContent())
          .to.include('Alex')
          .and.include('•••678')
          .and.include('Dr Lee');
        expect(await row(page, 'appt-noor').textContent())
          .to.include('11:15')
          .and.include('video');
        const text = (await page.locator('main').textContent()) ?? '';
        for (const secret of ['0412 345 678', '412345678', '345 678', 'Citizen']) expect(text).not.to.include(secret);
        expect(await page.locator('h1').textContent()).to.equal('Today');
        expect(await page.locator('.page-heading__sub').textContent())
          .to.include('Monday 23 November')
          .and.include('Australia/Melbourne');
        await expectAccessible(page, `Today (${width})`);
        await screenshot(page, 'today');
      });
    }

    it('filters by practitioner and searches by first name', async () => {
      const page = await visit('/today');
      await row(page, 'appt-alex').waitFor();
      await page.getByLabel('Practitioner').selectOption({ label: 'Dr Okafor' });
      await row(page, 'appt-alex').waitFor({ state: 'detached' });
      expect(await page.locator('tbody tr').count()).to.equal(1);
      await page.getByLabel('Practitioner').selectOption({ label: 'All practitioners' });
      await page.getByLabel('Search first name').fill('sa');
      await row(page, 'appt-noor').waitFor({ state: 'detached' });
      expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-appointment-id')))).to.deep.equal(['appt-sam']);
      await page.getByLabel('Search first name').fill('zzz');
      await page.getByText('No appointment matches this filter.').waitFor();
    });

    it('refreshes on a server change event, says when the connection is lost and when it is back', async () => {
      const page = await reception.blank();
      await page.addInitScript(FAKE_EVENT_SOURCE);
      await page.goto(`${reception.host.url}/today`);
      await row(page, 'appt-alex').waitFor();
      expect(await page.evaluate('window.__live.url()')).to.equal('/api/events');
      await page.evaluate('window.__live.open()');
      await addKim();
      // Open stream: no polling; only the event can bring the new row.
      await page.evaluate("window.__live.change('appointments')");
      await row(page, 'appt-kim').waitFor();
      await page.evaluate('window.__live.drop()');
      await page.locator('[data-live="lost"]').waitFor();
      expect(await page.locator('[data-live="lost"]').textContent()).to.include('Connection to the host lost');
      await screenshot(page, 'connection-lost');
      await page.evaluate('window.__live.open()');
      await page.locator('[data-live="back"]').waitFor();
      await page.locator('[data-live="lost"]').waitFor({ state: 'detached' });
    });

    it('shows an appointment added in the PMS without a reload (host without an event stream: polling)', async () => {
      const page = await visit('/today');
      await row(page, 'appt-alex').waitFor();
      await addKim();
      await row(page, 'appt-kim').waitFor({ timeout: 20_000 });
      expect(await row(page, 'appt-kim').textContent())
        .to.include('12:00')
        .and.include('Kim')
        .and.include('•••156');
      expect(await page.evaluate('performance.getEntriesByType("navigation").length')).to.equal(1);
    });

    it("shows the host's reception fields and makes failed, unknown and undelivered texts stand out", async () => {
      const page = await reception.blank();
      const real = await reception.host.api.get<{ items: Array<Record<string, any>> }>('/api/appointments/today');
      const [alex, sam, noor] = real.items;
      const enriched = [
        {
          ...alex,
          startLocal: '10:00',
          patientFirstName: 'Alex',
          phoneMasked: '•••678',
          stateText: 'text failed: number invalid',
          lastText: { template: 'ConsiderTeleHealth', at: '2026-11-22T21:00:00Z', status: 'failed' },
          attention: 'failed',
          textProblem: { status: 'failed', code: 'CA_ERR_INVALID_NUMBER', at: '2026-11-22T21:00:00Z', attempts: 1 },
        },
        {
          ...sam,
          stateText: 'asked about video 08:00, no answer yet',
          attention: 'unknown',
          lastText: { template: 'ConsiderTeleHealth', at: '2026-11-22T21:00:00Z', status: 'unknown' },
        },
        {
          ...noor,
          stateText: 'video consult, link goes at 11:05',
          attention: 'undelivered',
          lastText: { template: 'VideoWelcome', at: '2026-11-22T21:01:00Z', status: 'sent', deliveryStatus: 'undelivered' },
          nextStep: { step: 'video-invite', template: 'VideoInvite', at: '2026-11-23T00:05:00Z' },
        },
      ];
      await page.route('**/api/appointments/today', (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ items: enriched }) }),
      );
      await page.goto(`${reception.host.url}/today`);
      await row(page, 'appt-alex').waitFor();
      expect(await page.locator('tr.attention').count()).to.equal(3);
      expect(await row(page, 'appt-alex').textContent())
        .to.include('Text failed')
        .and.include('text failed: number invalid')
        .and.include('Video or in person? 08:00');
      expect(await row(page, 'appt-alex').getByTestId('text-problem').textContent()).to.equal('why: CA_ERR_INVALID_NUMBER');
      expect(await row(page, 'appt-sam').textContent())
        .to.include('Did it arrive? Unknown')
        .and.include('outcome unknown');
      expect(await row(page, 'appt-noor').textContent())
        .to.include('Not delivered')
        .and.include('Video link at 11:05');
      expect(await page.locator('.toolbar__counts').textContent()).to.include('3 need a look');
      await expectAccessible(page, 'Today with texts needing a look');
      await screenshot(page, 'today-attention');
    });

    it('is usable from the keyboard: skip link, navigation, filters', async () => {
      const page = await visit('/today');
      await row(page, 'appt-alex').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).to.equal('Skip to main content');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.textContent')).to.equal('Today');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // the next links: Coming days, Inbox, Sends to check, then Practitioners (open host: admin)
      await page.waitForURL('**/practitioners');
      expect(await page.evaluate('document.activeElement.tagName')).to.equal('H1');
    });
  });

  describe('status banner', () => {
    it('is green when everything works', async () => {
      const page = await visit('/today');
      const banner = page.locator('.status-banner');
      await banner.waitFor();
      expect(await banner.getAttribute('data-level')).to.equal('green');
      expect(await banner.textContent()).to.include('Everything is working');
    });

    it('turns red, on every page, when texting fails', async () => {
      // The provider refuses the host's credentials on the next text (a new appointment's screening question).
      simulatorsOf(reception.host.host).sms.failNext('auth');
      await reception.host.api.post('/api/simulator/appointments', {
        id: 'appt-kim',
        start: '2026-11-23T10:45:00+11:00',
        patient: { id: 'pat-kim', name: 'Kim Lee', firstName: 'Kim', mobile: '0491 570 156' },
        practitioner: { id: 'prac-lee', name: 'Dr Lee' },
      });
      await reception.host.host.runTodayCycle();
      for (const path of ['/today', '/status', '/inbox']) {
        const page = await visit(path);
        const banner = page.locator('.status-banner[data-level="red"]');
        await banner.waitFor();
        expect(await banner.textContent(), path).to.include('Texting is not working');
        expect(await banner.getAttribute('role')).to.equal('alert');
      }
      await screenshot(reception.current!, 'banner-red');
    });

    it('says texts whose outcome is unknown and problems of other parts (red, amber)', async () => {
      const page = await visit('/today');
      await page.locator('.status-banner').waitFor();
      const real = await reception.host.api.get('/api/status');
      const serve = (status: unknown) =>
        page.route('**/api/status', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(status) }));
      await serve({ ...real, unknownSends: 2 });
      await page.reload();
      await page.locator('.status-banner[data-level="red"]').waitFor();
      expect(await page.locator('.status-banner').textContent()).to.include('2 texts may or may not have reached the patient');
      await page.unroute('**/api/status');
      const plugins = real.plugins.map((p: { role: string }) => (p.role === 'inbox' ? { ...p, health: { status: 'down', detail: 'proxy unreachable' } } : p));
      await serve({ ...real, plugins });
      await page.reload();
      await page.locator('.status-banner[data-level="amber"]').waitFor();
      expect(await page.locator('.status-banner').textContent()).to.include('Replies not working');
      await expectAccessible(page, 'Today with an amber banner');
      await screenshot(page, 'banner-amber');
    });
  });

  describe('Status', () => {
    for (const width of WIDTH_NAMES) {
      it(`shows plugin health, loop timings, errors and opt-outs (${width})`, async () => {
        await reception.host.api.post('/api/simulator/inbox', { from: '0412 345 678', body: 'STOP' });
        await reception.host.host.handleInboxOnce();
        const page = await visit('/status', width);
        await page.locator('tr[data-role="sms"]').waitFor();
        expect(await page.locator('tr[data-role="sms"]').textContent())
          .to.include('sms-simulator')
          .and.include('working');
        expect(await page.locator('tr[data-role="pms"]').textContent()).to.include('pms-simulator');
        expect(await page.locator('tr[data-role="pms"] [data-testid="recent-calls"]').textContent()).to.match(
          /^\d+ calls?, 0 retried, 0 failed in the last 5 min$/,
        );
        expect(await page.getByTestId('opt-outs').textContent()).to.include('1');
        expect(await page.locator('main').textContent())
          .to.include('today')
          .and.include('Recent errors');
        await expectAccessible(page, `Status (${width})`);
        await screenshot(page, 'status');
      });
    }
  });

  describe('sign-in', () => {
    for (const width of WIDTH_NAMES) {
      it(`renders the sign-in page (${width})`, async () => {
        const page = await visit('/sign-in', width);
        await page.getByLabel('Name').waitFor();
        await page.getByLabel('Password').waitFor();
        await expectAccessible(page, `Sign in (${width})`);
        await screenshot(page, 'sign-in');
      });
    }

    it('shows only the sign-in page when the host requires it, and sends the CSRF token when signing in', async () => {
      const page = await reception.blank();
      let signedIn = false;
      const posted: Array<{ csrf?: string; body: unknown }> = [];
      await page.route('**/api/session', async (route) => {
        const request = route.request();
        if (request.method() === 'POST') {
          posted.push({ csrf: request.headers()['x-csrf-token'], body: request.postDataJSON() });
          signedIn = true;
          return route.fulfill({ status: 200, contentType: 'application/json', body: '{"ok":true}' });
        }
        const user = signedIn ? { name: 'Pat', role: 'reception' } : null;
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ user, signInRequired: true, csrfToken: 'csrf-123' }) });
      });
      await page.goto(`${reception.host.url}/today`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('nav').count()).to.equal(0);
      await page.getByLabel('Name').fill('pat');
      await page.getByLabel('Password').fill('correct horse');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await row(page, 'appt-alex').waitFor();
      expect(posted).to.deep.equal([{ csrf: 'csrf-123', body: { name: 'pat', password: 'correct horse' } }]);
      // Reception staff do not see (or reach) the admin screens.
      const nav = (await page.locator('nav').textContent()) ?? '';
      expect(nav).to.include('Today').and.include('Inbox').and.not.include('Templates');
      expect(nav).not.to.include('Practitioners');
      expect(await page.locator('header').textContent()).to.include('Signed in as Pat');
      await page.goto(`${reception.host.url}/templates`);
      await page.getByText('This page is for administrators').waitFor();
    });
  });

  it('answers an unknown screen with a page that leads back', async () => {
    const page = await visit('/no-such-screen');
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Go to Today' }).click();
    await page.waitForURL('**/today');
  });
});
