import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { openPage, type WatchedPage, useChromium } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

/** Alex (10:00) and Sam (10:30) see Dr Lee; Noor (11:15, video) sees Dr Okafor. */
const ALEX = '+61412345678';
const SAM = '+61423456789';
const NOOR = '+61434567890';

const SHOTS = join(process.cwd(), 'test-output', 'web-wait');

/**
 * What reception does on the Today screen changes what patients are sent: the override makes
 * the delay texts, the mute stops them, and lifting the mute lets the next one out.
 */
describe('reception app in Chromium: the running-late override and mute change the texts', function () {
  this.timeout(90_000);
  const chromium = useChromium();
  let reception: ReceptionHost;
  let open: WatchedPage | undefined;

  beforeEach(async () => {
    reception = await startReceptionHost({ workflow: { runningLate: { texts: true } } });
    // 09:40: both of Dr Lee's patients are due within the hour; their screening texts go out first.
    reception.clock.advance(100 * 60_000);
    await settle();
  });
  afterEach(async function () {
    const errors = open?.errors ?? [];
    await open?.close();
    open = undefined;
    await reception?.stop();
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  /** Passes until nothing new is sent (one step per appointment per pass). */
  async function settle(): Promise<void> {
    let before = -1;
    for (let pass = 0; pass < 10; pass++) {
      const count = (await sentTexts()).length;
      if (count === before) return;
      before = count;
      await reception.host.runTodayCycle();
    }
    throw new Error('texts kept coming after 10 passes');
  }

  async function sentTexts(): Promise<Array<{ to: string; body: string }>> {
    return (await reception.api.get<{ items: Array<{ to: string; body: string }> }>('/api/simulator/sms/sent')).items;
  }

  /** The running-late texts each number got, in order. */
  async function lateTexts(to: string): Promise<string[]> {
    return (await sentTexts()).filter((t) => t.to === to && t.body.includes('running about')).map((t) => t.body);
  }

  const leeCard = (page: Page) => page.locator('.queue[data-practitioner-id="prac-lee"]');

  async function setLate(page: Page, minutes: number): Promise<void> {
    const lee = leeCard(page);
    await lee.getByLabel('Running late by (minutes)').fill(String(minutes));
    await lee.getByRole('button', { name: 'Set', exact: true }).click();
    await lee.getByRole('button', { name: 'Yes, set it' }).click();
    await lee
      .getByTestId('queue-delay')
      .filter({ hasText: `Running late by ${minutes} min` })
      .waitFor();
  }

  it('an override texts the waiting patients once, a mute holds back the next, unmuting lets it out, and never a third', async () => {
    expect(await lateTexts(ALEX), 'on time: no delay text').to.deep.equal([]);
    open = await openPage(chromium.browser, 'desktop');
    const page = open.page;
    await page.goto(`${reception.url}/today`);
    await leeCard(page).waitFor();

    await setLate(page, 30);
    await settle();
    for (const phone of [ALEX, SAM]) {
      const texts = await lateTexts(phone);
      expect(texts, `delay texts to ${phone}`).to.have.length(1);
      expect(texts[0]).to.include('Dr Lee is running about 30 minutes late');
    }
    expect(await lateTexts(NOOR), "Dr Okafor's patient").to.deep.equal([]);
    // Each text carries only its own patient's estimate.
    expect((await lateTexts(ALEX))[0])
      .to.include('10:30')
      .and.not.include('11:00');
    expect((await lateTexts(SAM))[0]).to.include('11:00');

    await leeCard(page).getByRole('button', { name: 'Mute delay texts today for Dr Lee' }).click();
    await page.getByRole('button', { name: 'Yes, mute' }).click();
    await leeCard(page).getByTestId('queue-muted').waitFor();
    // 20 minutes more: past the next step (15), but muted.
    await setLate(page, 50);
    await settle();
    expect(await lateTexts(ALEX), 'muted: nothing new').to.have.length(1);
    expect(await lateTexts(SAM), 'muted: nothing new').to.have.length(1);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'override-muted-1280.png'), fullPage: true });

    await leeCard(page).getByRole('button', { name: 'Unmute delay texts for Dr Lee' }).click();
    await leeCard(page).getByRole('button', { name: 'Mute delay texts today for Dr Lee' }).waitFor();
    await settle();
    for (const phone of [ALEX, SAM]) {
      const texts = await lateTexts(phone);
      expect(texts, `delay texts to ${phone} after unmuting`).to.have.length(2);
      expect(texts[1]).to.include('about 50 minutes late');
    }

    // maxTexts (2): a further step sends no third.
    await setLate(page, 70);
    await settle();
    expect(await lateTexts(ALEX)).to.have.length(2);
    expect(await lateTexts(SAM)).to.have.length(2);
  });
});
