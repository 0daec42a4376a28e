import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { openPage, useChromium, type WatchedPage, type WidthName } from './browser.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

/** A fresh reception host per test and the one page a test looks at. */
export interface ReceptionPages {
  /** This test's host (simulators, manual clock, loops off). */
  readonly host: ReceptionHost;
  /** The page opened last, if any. */
  readonly current: Page | undefined;
  /** Opens a new page (closing the last one) without going anywhere: add init scripts or routes first. */
  blank(width?: WidthName): Promise<Page>;
  /** Opens a new page (closing the last one) at `path` of the app. */
  visit(path: string, width?: WidthName): Promise<Page>;
}

/**
 * Mocha hooks for browser tests of the reception app: Chromium for the suite, a new host for
 * each test, and a check that a passing test left no error in the page console (a CSP
 * violation, a failed asset or a React error fails it).
 */
export function useReceptionPage(): ReceptionPages {
  const chromium = useChromium();
  let host: ReceptionHost | undefined;
  let open: WatchedPage | undefined;

  beforeEach(async () => {
    host = await startReceptionHost();
  });
  afterEach(async function () {
    const errors = open?.errors ?? [];
    await open?.close();
    open = undefined;
    await host?.stop();
    host = undefined;
    if (this.currentTest?.state === 'passed') expect(errors, 'errors in the page console').to.deep.equal([]);
  });

  const blank = async (width: WidthName = 'desktop'): Promise<Page> => {
    await open?.close();
    open = await openPage(chromium.browser, width);
    return open.page;
  };
  return {
    get host() {
      if (!host) throw new Error('the reception host runs only inside a test');
      return host;
    },
    get current() {
      return open?.page;
    },
    blank,
    async visit(path, width = 'desktop') {
      const page = await blank(width);
      await page.goto(this.host.url + path);
      return page;
    },
  };
}
