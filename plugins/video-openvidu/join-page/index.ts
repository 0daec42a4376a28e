import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The static join page for video-openvidu links (`<joinPageUrl>#<token>`), served by the
 * public reply proxy. HTML + one small script + CSS + the openvidu-browser bundle, and its
 * texts: i18next's browser bundle, page-i18n.js and one JSON catalogue per language (fetched
 * from this origin, which connect-src 'self' allows). No inline script or style, so it runs
 * under the strict CSP below.
 */

/** One static file of the page. */
export interface JoinPageFile {
  contentType: string;
  body: Buffer;
}

/** Everything the proxy serves for the join page. */
export interface JoinPageAssets {
  /** The page, served at `basePath` (and `basePath/`). */
  html: string;
  /** Scripts and styles by URL path, e.g. `/join/assets/join.js`. */
  files: Record<string, JoinPageFile>;
}

/** Options of {@link joinPageAssets}. */
export interface JoinPageOptions {
  /** URL path the page is served at: the path of the plugin's `joinPageUrl`. @default "/join" */
  basePath?: string;
  /** How long the page waits for OpenVidu before saying the link does not work. @default 25000 */
  connectTimeoutMs?: number;
}

/**
 * Headers to send with the page and its files: a CSP that allows only our own scripts and
 * styles plus WebSocket/HTTPS connections to the video server, no referrer (the fragment is
 * never sent anyway, this also hides the path), and camera/microphone for this origin only.
 */
export const JOIN_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; " +
    "connect-src 'self' wss: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=()',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
});

const STATIC_FILES: Record<string, string> = {
  'join.js': 'text/javascript; charset=utf-8',
  'join.css': 'text/css; charset=utf-8',
  'page-i18n.js': 'text/javascript; charset=utf-8',
};

/**
 * The small ES5 script that picks a page's language (the link's `?lang=`, then the browser's)
 * and loads its catalogue into i18next. The reply proxy's code page serves the same file.
 */
export function pageLanguageScript(): Buffer {
  return readFileSync(join(staticDir(), 'page-i18n.js'));
}

/** The page's languages: one catalogue each, static/i18n/<tag>.json (join.js lists the same). */
export const JOIN_PAGE_LANGUAGES = ['en', 'es', 'vi', 'zh-Hans', 'ar'] as const;

/**
 * The join page and its files, ready to serve.
 *
 * @example
 * const { html, files } = joinPageAssets({ basePath: '/join' });
 * app.get('/join', (_, reply) => reply.headers(JOIN_PAGE_HEADERS).type('text/html; charset=utf-8').send(html));
 * for (const [path, file] of Object.entries(files)) app.get(path, (_, reply) => reply.headers(JOIN_PAGE_HEADERS).type(file.contentType).send(file.body));
 */
export function joinPageAssets(options: JoinPageOptions = {}): JoinPageAssets {
  const basePath = normaliseBasePath(options.basePath ?? '/join');
  const connectTimeoutMs = Math.max(1, Math.round(options.connectTimeoutMs ?? 25_000));
  const assetBase = `${basePath === '/' ? '' : basePath}/assets`;
  const dir = staticDir();
  const html = readFileSync(join(dir, 'join.html'), 'utf8').replaceAll('{{assetBase}}', assetBase).replaceAll('{{connectTimeoutMs}}', String(connectTimeoutMs));
  const files: Record<string, JoinPageFile> = {};
  for (const [name, contentType] of Object.entries(STATIC_FILES)) {
    files[`${assetBase}/${name}`] = { contentType, body: readFileSync(join(dir, name)) };
  }
  files[`${assetBase}/openvidu-browser.min.js`] = { contentType: 'text/javascript; charset=utf-8', body: readFileSync(openViduBrowserBundle()) };
  files[`${assetBase}/i18next.min.js`] = { contentType: 'text/javascript; charset=utf-8', body: readFileSync(i18nextBrowserBundle()) };
  for (const language of JOIN_PAGE_LANGUAGES) {
    files[`${assetBase}/i18n/${language}.json`] = { contentType: 'application/json; charset=utf-8', body: readFileSync(join(dir, 'i18n', `${language}.json`)) };
  }
  return { html, files };
}

/** The smallest surface of a fastify instance (or anything like it) the page needs. */
export interface RouteRegistrar {
  get(path: string, handler: (request: unknown, reply: ReplyLike) => unknown): unknown;
}
interface ReplyLike {
  header(name: string, value: string): ReplyLike;
  type(contentType: string): ReplyLike;
  send(body: string | Buffer): unknown;
}

/**
 * Registers the page on a fastify app: GET `basePath`, `basePath/` and the asset paths, with
 * {@link JOIN_PAGE_HEADERS}.
 *
 * @example
 * registerJoinPage(app, { basePath: '/join' });
 */
export function registerJoinPage(app: RouteRegistrar, options: JoinPageOptions = {}): void {
  const { html, files } = joinPageAssets(options);
  const send = (reply: ReplyLike, contentType: string, body: string | Buffer): unknown => {
    for (const [name, value] of Object.entries(JOIN_PAGE_HEADERS)) reply.header(name, value);
    return reply.type(contentType).send(body);
  };
  const basePath = normaliseBasePath(options.basePath ?? '/join');
  const pagePaths = basePath === '/' ? ['/'] : [basePath, `${basePath}/`];
  for (const path of pagePaths) app.get(path, (_request, reply) => send(reply, 'text/html; charset=utf-8', html));
  for (const [path, file] of Object.entries(files)) app.get(path, (_request, reply) => send(reply, file.contentType, file.body));
}

function normaliseBasePath(path: string): string {
  const trimmed = `/${path.replace(/^\/+|\/+$/g, '')}`;
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(trimmed)) throw new RangeError(`join page: invalid base path "${path}"`);
  return trimmed;
}

/*
 * The page's own files sit next to this module in the sources; a tsc build (dist/) does not
 * copy them, so fall back to the source tree, four levels up from dist/plugins/video-openvidu/join-page.
 */
function staticDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'static'), join(here, '..', '..', '..', '..', 'plugins', 'video-openvidu', 'join-page', 'static')];
  const found = candidates.find((dir) => existsSync(join(dir, 'join.html')));
  if (!found) throw new Error(`join page: static files not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** i18next's own browser bundle (UMD, sets window.i18next): the pages' texts go through it. */
export function i18nextBrowserBundle(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('i18next/package.json')), 'dist', 'umd', 'i18next.min.js');
}

/** The ready-made browser bundle shipped in the openvidu-browser package. */
function openViduBrowserBundle(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('openvidu-browser/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return join(dirname(packageJson), 'static', 'js', `openvidu-browser-${version}.min.js`);
}
