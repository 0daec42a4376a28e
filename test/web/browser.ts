import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/*
 * Real Chromium (Debian's, through playwright-core) for the reception app's tests: launch,
 * the two widths reception uses, screenshots into test-output/web, an axe-core check, and a
 * record of the page's console errors (a CSP violation or a React error shows up there).
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The front desk's PC and a tablet on the counter. */
export const WIDTHS = { desktop: { width: 1280, height: 860 }, tablet: { width: 768, height: 1024 } } as const;
export type WidthName = keyof typeof WIDTHS;

export const SCREENSHOTS = join(process.cwd(), 'test-output', 'web');
const WEB_SOURCES = join(process.cwd(), 'web');
const WEB_BUILD = join(process.cwd(), 'dist', 'web', 'index.html');

/** Skips the suite, loudly, when this machine has no Chromium; every other problem fails. */
export function requireChromium(context: Mocha.Context): void {
  if (existsSync(CHROMIUM)) return;
  const message = `SKIPPED reception app browser tests: no Chromium at ${CHROMIUM} (install Debian's "chromium" or set CHROMIUM_PATH)`;
  process.stderr.write(`\n  ${message}\n`);
  context.skip();
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm test` builds the app before mocha; a single test file run by hand rebuilds it when the sources are newer. */
export async function ensureWebBuilt(): Promise<void> {
  if (existsSync(WEB_BUILD) && statSync(WEB_BUILD).mtimeMs >= newestSource(WEB_SOURCES)) return;
  const { build } = await import('vite');
  await build({ configFile: join(WEB_SOURCES, 'vite.config.ts'), logLevel: 'warn' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page and the console errors it logs, minus the ones a host without a given endpoint causes. */
export interface WatchedPage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** Endpoints other changes add; until they land the app copes with their 404s (and says nothing). */
const OPTIONAL_ENDPOINTS = ['/api/session', '/api/events'];

export async function openPage(browser: Browser, width: WidthName, options: { timezoneId?: string } = {}): Promise<WatchedPage> {
  // A viewer in another zone than the clinic's: times must still be clinic time.
  const context = await browser.newContext({ viewport: WIDTHS[width], timezoneId: options.timezoneId ?? 'UTC', locale: 'en-AU' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const where = message.location().url ?? '';
    if (OPTIONAL_ENDPOINTS.some((endpoint) => where.includes(endpoint) || message.text().includes(endpoint))) return;
    if (/EventSource's response has a MIME type/.test(message.text())) return;
    errors.push(`console: ${message.text()} (${where})`);
  });
  return { page, errors, close: () => context.close() };
}

/** A full-page PNG in test-output/web/<name>-<width>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}-${page.viewportSize()?.width ?? 0}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP needs
 * no exception) and throws on serious or critical violations, listing each with its elements.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate<AxeViolation[]>(
    "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))",
  );
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const lines = bad.map((v) => `  ${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
    throw new Error(`axe found ${bad.length} serious/critical problem(s) on ${label}:\n${lines.join('\n')}`);
  }
}

/**
 * The hooks every browser test file needs: Chromium launched once for the file (skipped loudly
 * when it is missing) over a built app, and closed after. Read `.browser` inside the tests.
 */
export function useChromium(): { readonly browser: Browser } {
  const holder = { browser: undefined as unknown as Browser };
  before(async function () {
    requireChromium(this);
    await ensureWebBuilt();
    holder.browser = await launchChromium();
  });
  after(async () => {
    await holder.browser?.close();
  });
  return holder;
}
