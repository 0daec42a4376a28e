import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { EXIT } from '../../core/cli/exit-codes.js';
import { reportFailure } from '../../core/cli/report.js';
import type { RunningHost } from '../../core/runtime/host.js';
import { InstanceLockedError } from '../../core/store/instance-lock.js';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';

describe('one host per store', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  const hosts: RunningHost[] = [];
  const clock = () => new ManualClock('2026-11-23T08:00:00+11:00');

  beforeEach(() => {
    folder = tmpFolder();
  });
  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    folder.remove();
  });

  it('refuses a second host on the same store, naming the first, and lets one in after it stops', async () => {
    const first = await startSimulatorHost(folder.dir, clock());
    hosts.push(first);

    const error = await expectRejection(() => startSimulatorHost(folder.dir, clock()), InstanceLockedError);
    const message = error.message;
    expect(message).to.contain(join(folder.dir, 'store.sqlite'));
    expect(message).to.contain(`process ${process.pid} on ${hostname()}`);
    expect(message).to.match(/started \d{4}-\d\d-\d\dT/);

    // The CLI says so on stderr and exits with the start-up failure code.
    const stderr = new PassThrough();
    expect(reportFailure(error, stderr)).to.equal(EXIT.failure);
    expect(String(stderr.read())).to.contain(`is in use by process ${process.pid}`);

    await hosts.pop()!.stop();
    hosts.push(await startSimulatorHost(folder.dir, clock()));
  });

  it('is released by the kernel when the holder is killed with SIGKILL', async () => {
    const storePath = join(folder.dir, 'store.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hold-lock.ts'), storePath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    try {
      let out = '';
      for await (const chunk of child.stdout) {
        out += String(chunk);
        if (out.includes('locked')) break;
      }
      expect(out).to.contain('locked');

      const refused = await expectRejection(() => startSimulatorHost(folder.dir, clock()), InstanceLockedError);
      expect(refused.owner?.pid).to.equal(child.pid);

      child.kill('SIGKILL');
      await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    // Its owner file is left behind, but the lock itself died with the process.
    hosts.push(await startSimulatorHost(folder.dir, clock()));
  });
});
