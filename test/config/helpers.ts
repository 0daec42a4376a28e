import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { ConfigValidationError } from '../../core/config/errors.js';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute path of a fixture plugin under test/fixtures/external-plugins/. */
export function fixturePlugin(name: string): string {
  return join(REPO_ROOT, 'test', 'fixtures', 'external-plugins', name);
}

/**
 * A fresh temporary folder with a package.json (so the config search stops there and never
 * wanders into parent folders), removed by `cleanup()`.
 */
export async function makeTempProject(
  packageJson: Record<string, unknown> = { name: 'clinic', private: true },
): Promise<{ dir: string; write(file: string, text: string): Promise<string>; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'ca-config-'));
  await writeFile(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  return {
    dir,
    async write(file, text) {
      const path = join(dir, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, text);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A valid config object whose plugins are the test fixtures (no simulator needed). */
export function fixtureConfig(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    clinic: { name: 'Test Street Medical', timeZone: 'Australia/Melbourne' },
    pms: { use: fixturePlugin('pms-fixture'), options: { baseUrl: 'https://pms.example/fhir/R4' } },
    sms: { use: fixturePlugin('sms-echo') },
    inbox: { use: fixturePlugin('inbox-fixture') },
    video: { use: fixturePlugin('video-fixture') },
    ...overrides,
  };
}

/** Runs `fn`, expects a ConfigValidationError, and returns its problems. */
export async function problemsOf(fn: () => Promise<unknown>): Promise<string[]> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a ConfigValidationError').to.be.instanceOf(ConfigValidationError);
  const error = caught as ConfigValidationError;
  expect(error.message).to.equal(error.problems.join('\n'));
  return error.problems;
}

/** A YAML config that runs the simulators (no video) with the API on a free port, logging as given. */
export function simulatorConfigYaml(logging = '{ level: warn }'): string {
  return [
    'clinic: { name: Test Street Medical, timeZone: Australia/Melbourne }',
    'pms: { use: pms-simulator }',
    'sms: { use: sms-simulator }',
    'inbox: { use: inbox-simulator }',
    'video: { use: none }',
    'api: { port: 0 }',
    `logging: ${logging}`,
    '',
  ].join('\n');
}
