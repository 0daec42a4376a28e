#!/usr/bin/env node
// Pack → install → run: builds the npm package the way `npm publish` would, installs the tarball
// into an empty folder with production dependencies only, and runs the installed CLI as the README
// says (`npx clinic-arrivals --version | init | check-config | service print-unit | start`).
// The host depends on @clinic-arrivals/plugin-kit, which is not published: its tarball is packed
// too and installed together with the host's.
// Plain JavaScript with no dependencies, so it runs before, and without, anything it checks.
// Usage: node .ci/package-check.mjs [--keep] [--save-tarball DIR | --tarball FILE [--kit-tarball FILE]]
//   --keep          leave the temporary folder for a look
//   --save-tarball  copy the packed tarballs (host and kit) to DIR (to check them again on another Node)
//   --tarball       check this host tarball instead of packing one
//   --kit-tarball   the plugin kit's tarball to install with it; by default the
//                   clinic-arrivals-plugin-kit-*.tgz next to the host's
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFiles, fail, packInto, run, stepsOf, tarballFiles } from './ci-steps.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const KEEP = process.argv.includes('--keep');
const argValue = (flag) => {
  const at = process.argv.indexOf(flag);
  return at === -1 ? undefined : resolve(process.argv[at + 1] ?? fail(`${flag} needs a value`));
};
const GIVEN_TARBALL = argValue('--tarball');
const GIVEN_KIT_TARBALL = argValue('--kit-tarball');
const KIT = 'packages/plugin-kit';
const KIT_NAME = '@clinic-arrivals/plugin-kit';
const SAVE_TO = argValue('--save-tarball');
const START_TIMEOUT_MS = 60_000;

/** Files the package must ship (paths inside the tarball, without its `package/` prefix). */
const REQUIRED = [
  'package.json',
  'README.md',
  'dist/core/cli/main.js',
  'dist/plugins/pms-fhir-r4/index.js',
  'dist/plugins/proxy-default/server/storage/sqlite-worker.js',
  'dist/web/index.html',
  'schemas/config.schema.json',
  'service/clinic-arrivals.service',
  'plugins/sms-twilio/README.md',
  'plugins/proxy-default/CLIENT.md',
  'plugins/video-openvidu/join-page/static/join.html',
  'plugins/proxy-default/server/verify-page/static/verify.html',
];
/** Files it must not ship: tests, benchmarks, sources (type declarations are fine). */
const FORBIDDEN = [
  [/^dist\/(test|bench)\//, 'compiled tests or benchmarks'],
  [/\.test\.[cm]?[jt]s(\.map)?$/, 'a test file'],
  [/(^|\/)(test-harness|test-support)(\.|\/)/, 'test support code'],
  [/^(core|test|bench|web\/src)\//, 'sources'],
  [/(?<!\.d)\.[cm]?ts$/, 'TypeScript source'],
];

let work;
let failed = false;

const step = stepsOf('package-check');

/** `npx clinic-arrivals …` in the install folder; --yes=false forbids npx to fetch a package of that name. */
function cli(app, args, options = {}) {
  return run('npx', ['--yes=false', 'clinic-arrivals', ...args], { cwd: app, env: { ...process.env, NO_COLOR: '1' }, ...options });
}

async function get(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** True when the line is one JSON object (a log line). */
function isJsonObject(line) {
  try {
    const value = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * Starts the installed host with `npx clinic-arrivals start` in a process group of its own, checks
 * /api/health and the reception app, then sends SIGTERM to the whole group, as systemd does (and
 * as Ctrl+C in a terminal does with SIGINT): npm does not pass a signal on to the command it runs.
 */
async function startAndStop(app) {
  const child = spawn('npx', ['--yes=false', 'clinic-arrivals', 'start'], {
    cwd: app,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  // The pipes close when the last process holding them (the host) has exited.
  const closed = Promise.all([child.stdout, child.stderr].map((stream) => new Promise((done) => stream.once('close', done))));
  const output = () => `--- stdout\n${stdout}\n--- stderr\n${stderr}`;
  const within = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s\n${output()}`)), ms).unref());
  try {
    const url = await Promise.race([
      new Promise((resolveUrl) => {
        // The banner is on standard error: standard output carries only log lines.
        child.stderr.on('data', () => {
          const match = /Reception app: (http:\/\/[^/\s]+)\/[\s\S]*Press Ctrl\+C/.exec(stderr);
          if (match) resolveUrl(match[1]);
        });
      }),
      closed.then(() => fail(`start exited before it was up\n${output()}`)),
      within(START_TIMEOUT_MS, 'start was not up'),
    ]);
    step(`host is up at ${url}`);
    const health = await get(`${url}/api/health`);
    if (health.status !== 200 || JSON.parse(health.body).ok !== true) fail(`GET /api/health: ${health.status} ${health.body}`);
    const page = await get(`${url}/`);
    if (page.status !== 200 || !page.type.startsWith('text/html') || !page.body.includes('<div id="root">')) {
      fail(`GET /: ${page.status} ${page.type}\n${page.body.slice(0, 500)}`);
    }
    // Asset paths are relative (the same build serves a clinic at / and under /c/<id>/ in a fleet).
    const script =
      /<script[^>]+src="((?:\.\/|\/)assets\/[^"]+\.js)"/.exec(page.body)?.[1] ?? fail(`GET /: the page loads no built script\n${page.body.slice(0, 500)}`);
    const asset = await get(new URL(script, `${url}/`).href);
    if (asset.status !== 200 || !asset.type.startsWith('text/javascript')) fail(`GET ${script}: ${asset.status} ${asset.type}`);
    step('GET /api/health, / and its script answered');

    signalGroup('SIGTERM');
    await Promise.race([closed, within(30_000, 'the host did not stop')]);
  } catch (error) {
    signalGroup('SIGKILL');
    throw error;
  }
  // "stopped" is printed only after every plugin and the store closed, just before exit code 0.
  if (!/^SIGTERM: stopping…$/m.test(stderr) || !/^stopped$/m.test(stderr)) fail(`start did not stop cleanly on SIGTERM\n${output()}`);
  // Standard output is the log stream: JSON lines and nothing else.
  const notJson = stdout.split('\n').filter((line) => line.trim() !== '' && !isJsonObject(line));
  if (notJson.length > 0) fail(`start wrote lines that are not JSON to standard output:\n${notJson.slice(0, 5).join('\n')}`);
  step('SIGTERM: stopped cleanly');
}

/** When systemd-analyze is installed: the unit this installation prints must verify without a word. */
function verifyUnit(app) {
  const config = join(app, 'clinicarrivals.config.yaml');
  const unit = cli(app, ['service', 'print-unit', '--data-dir', join(app, 'data'), '--config', config, '--secrets-file', join(app, 'env')]).stdout;
  if (!unit.includes(`start --config ${config}`)) fail(`service print-unit: unexpected ExecStart\n${unit}`);
  if (spawnSync('systemd-analyze', ['--version']).error) {
    step('systemd-analyze is not installed: unit not verified');
    return;
  }
  const dir = join(work, 'unit');
  mkdirSync(dir);
  const file = join(dir, 'clinic-arrivals.service');
  writeFileSync(file, unit);
  const result = run('systemd-analyze', ['verify', file], { allowFailure: true });
  const complaints = `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.includes('clinic-arrivals.service'));
  if (result.status !== 0 || complaints.length > 0) fail(`systemd-analyze verify (exit ${result.status}):\n${result.stdout}${result.stderr}`);
  step('systemd-analyze verify: the printed unit is clean');
}

/** Packs into a folder of its own (npm names both tarballs clinic-arrivals-…) and returns the tarball. */
function pack(args, folder) {
  return packInto(ROOT, args, join(work, folder));
}

/** The kit's tarball saved next to the host's by --save-tarball. */
function kitTarballBeside(hostTarball) {
  const dir = dirname(hostTarball);
  const name = readdirSync(dir).find((file) => /^clinic-arrivals-plugin-kit-.+\.tgz$/.test(file));
  return name ? join(dir, name) : fail(`no clinic-arrivals-plugin-kit-*.tgz next to ${hostTarball}: pass --kit-tarball`);
}

async function main() {
  work = mkdtempSync(join(tmpdir(), 'clinic-arrivals-package-'));
  step(`node ${process.version}, working in ${work}`);

  let tarball = GIVEN_TARBALL;
  let kitTarball = GIVEN_KIT_TARBALL ?? (tarball && kitTarballBeside(tarball));
  if (!tarball) {
    step('npm pack (prepack builds the plugin kit, the host and the reception app)');
    tarball = pack([], 'host');
    step(`npm pack -w ${KIT} (the host's dependency ${KIT_NAME}, not published)`);
    kitTarball = pack(['-w', KIT], 'kit');
    if (SAVE_TO) for (const file of [tarball, kitTarball]) copyFileSync(file, join(SAVE_TO, basename(file)));
  }
  const files = tarballFiles(tarball);
  checkFiles("the package's", files, REQUIRED, FORBIDDEN);
  step(`${files.length} files in ${basename(tarball)}; no tests, benchmarks or sources`);

  const app = join(work, 'app');
  mkdirSync(app);
  // The README's install steps, word for word.
  run('npm', ['init', '-y'], { cwd: app });
  run('npm', ['pkg', 'set', 'allowScripts.better-sqlite3=true', '--json'], { cwd: app });
  if (process.versions.node.split('.')[0] === '20') {
    run('npm', ['pkg', 'set', 'overrides.light-my-request.cookie=^1.1.1'], { cwd: app });
    step('node 20: override light-my-request > cookie ^1.1.1 (cookie 2 declares node 22)');
  }
  step('npm install --omit=dev <kit tarball> <tarball> into an empty folder (compiles better-sqlite3)');
  const install = run('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', kitTarball, tarball], { cwd: app });
  if (/EBADENGINE/.test(install.stderr)) fail(`npm install warned about engines on node ${process.version}:\n${install.stderr}`);
  const kitVersion = JSON.parse(readFileSync(join(app, 'node_modules', KIT_NAME, 'package.json'), 'utf8')).version;
  step(`${KIT_NAME} ${kitVersion} installed from its tarball`);
  const leaked = ['typescript', 'vite', 'react', 'mocha', 'chai', 'tsx'].filter((name) => existsSync(join(app, 'node_modules', name)));
  if (leaked.length > 0) fail(`a production install pulled in development packages: ${leaked.join(', ')}`);

  const version = cli(app, ['--version']).stdout.trim();
  if (version !== VERSION) fail(`--version printed "${version}", expected ${VERSION}`);
  step(`npx clinic-arrivals --version: ${version}`);

  cli(app, ['init', '--time-zone', 'Australia/Melbourne', '--region', 'AU', '--locale', 'en-AU']);
  const configFile = join(app, 'clinicarrivals.config.yaml');
  const config = readFileSync(configFile, 'utf8');
  if (!/^ {2}port: 7171\b/m.test(config)) fail(`init wrote no api port to change:\n${config}`);
  // Any free port, so the check never collides with a host already running here.
  writeFileSync(configFile, config.replace(/^( {2}port:) 7171\b/m, '$1 0'));
  step('npx clinic-arrivals init: wrote a simulator config');

  cli(app, ['check-config']);
  step('npx clinic-arrivals check-config: accepted');

  verifyUnit(app);
  await startAndStop(app);
  step('pass');
}

try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`package-check: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  if (work && !KEEP) rmSync(work, { recursive: true, force: true });
  else if (work) step(`kept ${work}`);
}
process.exitCode = failed ? 1 : 0;
