import { existsSync, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ApiHttpError, badRequest } from './http-errors.js';

/** The route that serves the reception app; public (no bearer token), like any web page's files. */
export const WEB_APP_ROUTE = '/*';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Everything the page loads comes from the host itself; nothing inline, nothing framed. */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/web of this package, found by walking up from this file (sources and compiled code alike). */
export function defaultWebRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'clinic-arrivals') {
      return join(dir, 'dist', 'web');
    }
    dir = dirname(dir);
  }
  return resolve('dist', 'web');
}

/** True for the API's own paths, which never fall through to the app (nor skip its token). */
export function isApiPath(url: string): boolean {
  const raw = url.split('?')[0]!;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return true; // undecodable: not a file of the app, so it gets the API's treatment
  }
  return [raw, path].some((p) => p === '/api' || p.startsWith('/api/'));
}

/**
 * The app's files are addressed relative to index.html (`./assets/…`: Vite's `base: './'`), so
 * the same build works at `/` and under a fleet host's `/c/<id>/`, a prefix this app never
 * sees (the fleet server strips it). index.html answers every screen's path, so its own
 * references are rewritten to climb back to the app's root: `/today` keeps `./`,
 * `/today/` or `/a/b` get `../`.
 */
export function indexHtmlFor(html: string, appPath: string, marker?: string): string {
  const depth = Math.max(0, appPath.split('/').length - 2);
  const up = depth === 0 ? './' : '../'.repeat(depth);
  let out = html.replace(/(\s(?:src|href))="\.\//g, `$1="${up}`);
  if (marker) out = out.replace('<head>', `<head>\n    <meta name="${marker}" content="1" />`);
  return out;
}

/** Options of {@link registerWebApp}. */
export interface WebAppOptions {
  /**
   * A `<meta name="…">` added to index.html, telling the app where it runs
   * (the fleet server's root page marks itself `clinic-arrivals-fleet`).
   */
  marker?: string;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built reception app (Vite's output) at `/`. A path that names a file gets that
 * file (hashed files under /assets are cached for good, the rest revalidated); any other path
 * without an extension is a screen of the app (`/today`) and gets index.html. `/api/…` never
 * falls through to the app: an unknown API route stays a JSON 404.
 */
export function registerWebApp(app: FastifyInstance, root: string = defaultWebRoot(), options: WebAppOptions = {}): void {
  const base = resolve(root);
  const sendHeaders = (reply: FastifyReply, file: string, cache: string) => {
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    reply.header('cache-control', cache).type(type);
    if (type.startsWith('text/html')) {
      reply.header('content-security-policy', WEB_APP_CSP).header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer');
    }
  };
  const send = async (reply: FastifyReply, file: string, cache: string) => {
    sendHeaders(reply, file, cache);
    return reply.send(await readFile(file));
  };

  app.get(WEB_APP_ROUTE, { schema: { hide: true } }, async (request, reply) => {
    const rawPath = request.url.split('?')[0]!;
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw badRequest('malformed path');
    }
    if (isApiPath(rawPath)) throw new ApiHttpError(404, `no route ${request.method} ${rawPath}`);

    const file = resolve(base, `.${path}`);
    const index = join(base, 'index.html');
    if (file !== index && file.startsWith(base + sep) && (await isFile(file))) {
      return send(reply, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    if (extname(path) !== '' && file !== index) throw new ApiHttpError(404, `no file ${rawPath}`);
    if (!(await isFile(index))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The reception app has not been built yet: run "npm run build:web" (npm start does it for you).\nThe API is listed at /api.\n');
    }
    sendHeaders(reply, index, 'no-cache');
    return reply.send(indexHtmlFor(await readFile(index, 'utf8'), path, options.marker));
  });
}
