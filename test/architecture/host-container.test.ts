import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { InjectionToken } from 'tsyringe';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import type { RunningHost } from '../../core/runtime/host.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';

const RUNTIME = fileURLToPath(new URL('../../core/runtime/', import.meta.url));

/** The runtime's shipped sources, where the container is composed and resolved. */
function runtimeSources(): string {
  return readdirSync(RUNTIME)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && name !== 'tokens.ts')
    .map((name) => readFileSync(join(RUNTIME, name), 'utf8'))
    .join('\n');
}

describe('the host container', () => {
  const folders: Array<{ remove(): void }> = [];
  const hosts: RunningHost[] = [];

  async function startOne(): Promise<RunningHost> {
    const folder = tmpFolder();
    folders.push(folder);
    const host = await startSimulatorHost(folder.dir, new ManualClock('2026-11-23T08:00:00+11:00'));
    hosts.push(host);
    return host;
  }

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    for (const folder of folders.splice(0)) folder.remove();
  });

  it('gives each host its own services, made once per host', async () => {
    const [first, second] = [await startOne(), await startOne()];
    const perHost: InjectionToken<unknown>[] = [TOKENS.Store, TOKENS.Executor, TOKENS.StatusBoard, TOKENS.Lane, TOKENS.Control, TOKENS.MessageSender];
    for (const token of perHost) {
      expect(first.container.resolve(token), String(token)).to.equal(first.container.resolve(token));
      expect(first.container.resolve(token), String(token)).to.not.equal(second.container.resolve(token));
    }
    expect(first.control).to.equal(first.container.resolve(TOKENS.Control));
  });

  it('registers every token, and the runtime resolves every token it registers', async () => {
    const host = await startOne();
    const sources = runtimeSources();
    for (const [name, token] of Object.entries(TOKENS) as Array<[string, InjectionToken<unknown>]>) {
      expect(host.container.isRegistered(token), `${name} registered`).to.equal(true);
      expect(sources.includes(`resolve(TOKENS.${name})`), `${name} resolved somewhere in core/runtime`).to.equal(true);
    }
  });
});
