import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageLanguageScript } from '../../../video-openvidu/join-page/index.js';

/*
 * The join gate's page (`/verify?lang=<tag>#<lockId>.<secret>`): HTML, its script and its
 * styles, and its texts (i18next's browser bundle, page-i18n.js and one JSON catalogue per
 * language), all static files served as they are. No inline script or style, so it runs under
 * the strict CSP below; the fragment (lock id and secret) never leaves the browser except
 * as the lock id in the attempt's body.
 */

/** Where the page lives; the client builds links to it (`<proxy url>/verify#…`). */
export const VERIFY_PATH = '/verify';
/** Where its files live. */
export const VERIFY_ASSET_BASE = '/verify/assets';

/**
 * Headers of the page and its files: only our own scripts and styles, fetches to this origin
 * only, no form posts, no framing, no referrer, nothing cached (the page is the same for
 * everyone, but a shared computer should not keep anything of a patient's visit).
 */
export const VERIFY_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'cache-control': 'no-store',
});

/** One file of the page. */
export interface VerifyPageFile {
  contentType: string;
  body: Buffer;
}

const FILES: Record<string, string> = {
  'verify.html': 'text/html; charset=utf-8',
  'verify-text.js': 'text/javascript; charset=utf-8',
  'verify.js': 'text/javascript; charset=utf-8',
  'verify.css': 'text/css; charset=utf-8',
};

/** The page's languages: one catalogue each, static/i18n/<tag>.json (verify-text.js lists the same). */
export const VERIFY_PAGE_LANGUAGES = ['en', 'es', 'vi', 'zh-Hans', 'ar'] as const;

/** The page and its files by URL path (`/verify` and `/verify/assets/…`). */
export function verifyPageFiles(): Map<string, VerifyPageFile> {
  const dir = staticDir();
  const files = new Map<string, VerifyPageFile>();
  for (const [name, contentType] of Object.entries(FILES)) {
    const body = readFileSync(join(dir, name));
    files.set(name === 'verify.html' ? VERIFY_PATH : `${VERIFY_ASSET_BASE}/${name}`, { contentType, body });
  }
  // The script that picks the language is the video join page's own, so the two pages never differ in it.
  files.set(`${VERIFY_ASSET_BASE}/page-i18n.js`, { contentType: 'text/javascript; charset=utf-8', body: pageLanguageScript() });
  // The texts: i18next's own browser bundle and one catalogue per language, fetched by the page (connect-src 'self').
  const require = createRequire(import.meta.url);
  const i18next = join(dirname(require.resolve('i18next/package.json')), 'dist', 'umd', 'i18next.min.js');
  files.set(`${VERIFY_ASSET_BASE}/i18next.min.js`, { contentType: 'text/javascript; charset=utf-8', body: readFileSync(i18next) });
  for (const language of VERIFY_PAGE_LANGUAGES) {
    files.set(`${VERIFY_ASSET_BASE}/i18n/${language}.json`, {
      contentType: 'application/json; charset=utf-8',
      body: readFileSync(join(dir, 'i18n', `${language}.json`)),
    });
  }
  return files;
}

/*
 * The static files sit next to this module in the sources; a tsc build (dist/) does not copy
 * them, so fall back to the source tree, five levels up from dist/plugins/proxy-default/server/verify-page.
 */
function staticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'static'), join(here, '..', '..', '..', '..', '..', 'plugins', 'proxy-default', 'server', 'verify-page', 'static')];
  const found = candidates.find((dir) => existsSync(join(dir, 'verify.html')));
  if (!found) throw new Error(`verify page: static files not found (looked in ${candidates.join(', ')})`);
  return found;
}
