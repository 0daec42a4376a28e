#!/usr/bin/env node
// Pack → install → test for plugin authors: packs @clinic-arrivals/plugin-kit the way `npm publish`
// would, installs it with the example third-party plugin (examples/sms-acme) into an empty folder,
// prints the install's size and time, then type-checks, compiles and runs the example's contract
// tests with node:test. The example depends on the kit alone, so this shows a plugin project needs
// neither the host nor a test library, and that its install compiles nothing.
// Plain JavaScript with no dependencies, like package-check.mjs.
// Usage: node .ci/plugin-kit-check.mjs [--keep] [--tarball FILE]
//   --keep     leave the temporary folder for a look
//   --tarball  use this kit tarball instead of packing one
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFiles, fail, packInto, run, stepsOf, tarballFiles } from './ci-steps.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KIT = 'packages/plugin-kit';
const KIT_NAME = '@clinic-arrivals/plugin-kit';
const EXAMPLE = join(ROOT, 'examples/sms-acme');
const KEEP = process.argv.includes('--keep');
const tarballAt = process.argv.indexOf('--tarball');
const GIVEN_TARBALL = tarballAt === -1 ? undefined : resolve(process.argv[tarballAt + 1] ?? fail('--tarball needs a value'));
/** The goal for a plugin project's install, without its own TypeScript and @types. */
const MAX_KIT_INSTALL_BYTES = 10 * 1024 * 1024;

/** Files the kit must ship (paths inside the tarball, without its `package/` prefix). */
const REQUIRED = ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'dist/testing/index.d.ts'];
const FORBIDDEN = [
  [/\.test\.[cm]?[jt]s(\.map)?$/, 'a test file'],
  [/(^|\/)fixtures\//, 'test fixtures'],
  [/^src\//, 'sources'],
  [/(?<!\.d)\.[cm]?ts$/, 'TypeScript source'],
];
/** What the kit's code must not load: test libraries are the plugin author's choice. */
const FORBIDDEN_IMPORTS = /\bfrom\s+['"](chai|mocha|vitest|jest|@jest\/[^'"]+)['"]|\bimport\(\s*['"](chai|mocha)['"]/;

let work;
let failed = false;

const step = stepsOf('plugin-kit-check');

/** Packs the kit (its prepack builds it) and returns the tarball's path. */
function packKit() {
  step(`npm pack -w ${KIT} (prepack builds the kit)`);
  return packInto(ROOT, ['-w', KIT], work);
}

function checkTarball(tarball) {
  const files = tarballFiles(tarball);
  checkFiles("the kit's", files, REQUIRED, FORBIDDEN);
  const unpacked = join(work, 'kit-contents');
  mkdirSync(unpacked);
  run('tar', ['-xzf', tarball, '-C', unpacked]);
  const offenders = files
    .filter((file) => /\.[cm]?js$/.test(file))
    .filter((file) => FORBIDDEN_IMPORTS.test(readFileSync(join(unpacked, 'package', file), 'utf8')));
  if (offenders.length > 0) fail(`the kit loads a test library at run time: ${offenders.join(', ')}`);
  step(`${files.length} files in ${basename(tarball)}; no tests, sources or test-library imports`);
}

/** Apparent size in bytes of everything under `path` (symbolic links counted as links). */
function sizeOf(path) {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** The kit and every package it depends on, as installed (a package's folder holds its nested node_modules). */
function kitClosure(modules) {
  const found = new Map();
  const visit = (name, fromDir) => {
    const candidates = [join(fromDir, 'node_modules', name), join(modules, name)];
    const dir = candidates.find((candidate) => existsSync(join(candidate, 'package.json')));
    if (!dir) fail(`${name} (needed by the kit) is not installed`);
    if (found.has(dir)) return;
    found.set(dir, name);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) visit(dependency, dir);
  };
  visit(KIT_NAME, modules);
  return found;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Sizes the install and checks that nothing the kit brings runs an install script. */
function measureInstall(app) {
  const modules = join(app, 'node_modules');
  const closure = kitClosure(modules);
  const topLevel = [...closure.keys()].filter((dir) => dirname(dir) === modules || dirname(dirname(dir)) === modules);
  const kitBytes = topLevel.reduce((sum, dir) => sum + sizeOf(dir), 0);
  const totalBytes = sizeOf(modules);
  const scripted = [...closure]
    .filter(([dir]) => {
      const scripts = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).scripts ?? {};
      return ['preinstall', 'install', 'postinstall'].some((hook) => scripts[hook]) || existsSync(join(dir, 'binding.gyp'));
    })
    .map(([, name]) => name);
  step(
    `install size: the kit with its dependencies ${mb(kitBytes)} (${closure.size} packages: ${[...new Set(closure.values())].sort().join(', ')}); ` +
      `all of node_modules, with the example's typescript and @types: ${mb(totalBytes)}`,
  );
  if (scripted.length > 0) fail(`the kit's dependencies run install scripts (a plugin project should compile nothing): ${scripted.join(', ')}`);
  if (kitBytes > MAX_KIT_INSTALL_BYTES) fail(`the kit's install is ${mb(kitBytes)}, over the ${mb(MAX_KIT_INSTALL_BYTES)} a plugin project may take`);
}

/** Runs the compiled contract tests with node:test and prints its summary; all must pass, none skip. */
function runContractTests(app) {
  const tests = run('node', ['--test', '--test-reporter=tap', 'dist/test/contract.test.js'], { cwd: app, allowFailure: true });
  const count = (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(tests.stdout)?.[1] ?? NaN);
  const [total, pass, failures, skipped] = [count('tests'), count('pass'), count('fail'), count('skip(?:ped)?')];
  step(`node --test: ${total} tests, ${pass} passed, ${failures} failed, ${skipped} skipped`);
  if (!(total > 0) || pass !== total) fail(`the example's contract tests did not all pass\n${tests.stdout}`);
}

async function main() {
  work = mkdtempSync(join(tmpdir(), 'clinic-arrivals-plugin-kit-'));
  step(`node ${process.version}, working in ${work}`);
  const tarball = GIVEN_TARBALL ?? packKit();
  checkTarball(tarball);

  const app = join(work, 'sms-acme');
  cpSync(EXAMPLE, app, { recursive: true, filter: (source) => !/(^|\/)(node_modules|dist)$/.test(relative(EXAMPLE, source)) });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  const others = Object.keys(manifest.dependencies ?? {}).filter((name) => name !== KIT_NAME);
  if (others.length > 0) fail(`the example must depend on ${KIT_NAME} alone, not also on ${others.join(', ')}`);
  manifest.dependencies[KIT_NAME] = `file:${tarball}`;
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  step(`npm install: the kit tarball and the example's devDependencies (${Object.keys(manifest.devDependencies ?? {}).join(', ')})`);
  const started = process.hrtime.bigint();
  const install = run('npm', ['install', '--no-audit', '--no-fund'], { cwd: app });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (/EBADENGINE/.test(install.stderr)) fail(`npm install warned about engines on node ${process.version}:\n${install.stderr}`);
  step(`install time: ${seconds.toFixed(1)} s`);
  measureInstall(app);

  run('npx', ['--yes=false', 'tsc', '--noEmit'], { cwd: app });
  step('npx tsc --noEmit: the example type-checks against the installed kit');
  run('npx', ['--yes=false', 'tsc'], { cwd: app });
  step('npx tsc: compiled');
  runContractTests(app);
  step('pass');
}

try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`plugin-kit-check: FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  if (work && !KEEP) rmSync(work, { recursive: true, force: true });
  else if (work) step(`kept ${work}`);
}
process.exitCode = failed ? 1 : 0;
