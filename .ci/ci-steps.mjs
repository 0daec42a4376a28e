// What the CI checks share: progress lines, failing, running a command, a tarball's contents and
// packing. Plain JavaScript with no dependencies, like the checks that import it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A function printing `<name>: <text>` progress lines on standard output. */
export function stepsOf(name) {
  return (text) => process.stdout.write(`${name}: ${text}\n`);
}

export function fail(text) {
  throw new Error(text);
}

/** Runs a command to its end; throws with its output when it exits non-zero (unless `allowFailure`). */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) fail(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0 && !options.allowFailure) {
    fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/** The files in an npm tarball, as paths inside the package (without its `package/` prefix). */
export function tarballFiles(tarball) {
  return run('tar', ['-tzf', tarball])
    .stdout.split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''))
    .filter((path) => !path.endsWith('/'));
}

/** Fails naming every `required` file missing and every file matching a `forbidden` [pattern, why]. */
export function checkFiles(what, files, required, forbidden) {
  const set = new Set(files);
  const missing = required.filter((file) => !set.has(file));
  const unwanted = files.flatMap((file) => forbidden.filter(([re]) => re.test(file)).map(([, why]) => `${file} (${why})`));
  if (missing.length > 0 || unwanted.length > 0) {
    fail(`${what} contents are wrong:${missing.map((f) => `\n  missing: ${f}`).join('')}${unwanted.map((f) => `\n  should not ship: ${f}`).join('')}`);
  }
}

/** `npm pack <args>` from `root` into `destination` (made if missing); returns the tarball's path. */
export function packInto(root, args, destination) {
  mkdirSync(destination, { recursive: true });
  run('npm', ['pack', ...args, '--pack-destination', destination], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  return (
    readdirSync(destination)
      .filter((name) => name.endsWith('.tgz'))
      .map((name) => join(destination, name))[0] ?? fail(`npm pack ${args.join(' ')} wrote no tarball`)
  );
}
