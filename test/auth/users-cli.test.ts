import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { runCliWithInput } from '../config/cli-process.js';
import { CLINIC, tmpFolder } from '../e2e/simulator-host.js';
import { startHostWith, StaffBrowser } from './staff-client.js';

const cli = runCliWithInput;

describe('CLI: clinic-arrivals users (as a process, password on stdin)', function () {
  this.timeout(60_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost | undefined;

  beforeEach(() => {
    folder = tmpFolder();
    // The same config the test host loads: store at ./store.sqlite next to it.
    writeFileSync(
      join(folder.dir, 'clinicarrivals.config.yaml'),
      [
        `clinic: ${JSON.stringify(CLINIC)}`,
        'pms: { use: pms-simulator }',
        'sms: { use: sms-simulator }',
        'inbox: { use: inbox-simulator }',
        'video: { use: none }',
        'store: { path: ./store.sqlite }',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('adds an account the running host accepts at once; refuses an existing name without --reset and a short password', async () => {
    host = await startHostWith(folder.dir, new ManualClock('2026-11-23T08:00:00+11:00'));
    const browser = new StaffBrowser(host.apiUrl);
    expect((await browser.call('GET', '/api/session')).body.signInRequired).to.equal(false);

    const added = await cli(folder.dir, 'front-desk-pass-1\n', 'users', 'add', 'rita');
    expect(added, added.stderr).to.include({ code: 0, stdout: 'user "rita" added (reception)\n' });
    expect(added.stdout + added.stderr).not.to.include('front-desk-pass-1');

    expect((await browser.call('GET', '/api/status')).status, 'sign-in now required').to.equal(401);
    expect((await browser.signIn('rita', 'front-desk-pass-1')).body.user).to.deep.equal({ name: 'rita', role: 'reception' });

    const again = await cli(folder.dir, 'another-pass-12\n', 'users', 'add', 'Rita');
    expect(again.code).to.equal(1);
    expect(again.stderr).to.equal('clinic-arrivals: a user named "rita" already exists (use --reset to change the password)\n');
    const short = await cli(folder.dir, 'short\n', 'users', 'add', 'ben');
    expect(short.code).to.equal(1);
    expect(short.stderr).to.equal('clinic-arrivals: password must be at least 10 characters\n');

    const reset = await cli(folder.dir, 'a-new-admin-pass\n', 'users', 'add', 'rita', '--admin', '--reset');
    expect(reset).to.include({ code: 0, stdout: 'user "rita" updated (admin)\n' });
    expect((await browser.call('GET', '/api/status')).status, 'reset signs out').to.equal(401);
    expect((await browser.signIn('rita', 'a-new-admin-pass')).body.user).to.deep.equal({ name: 'rita', role: 'admin' });
  });

  it('lists and removes accounts', async () => {
    expect((await cli(folder.dir, 'front-desk-pass-1\n', 'users', 'add', 'rita')).code).to.equal(0);
    expect((await cli(folder.dir, 'practice-mgr-pass\n', 'users', 'add', 'anna', '--admin')).code).to.equal(0);
    const listed = await cli(folder.dir, '', 'users', 'list');
    expect(listed.code).to.equal(0);
    expect(
      listed.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(/\s+/).slice(0, 2).join(' ')),
    ).to.deep.equal(['anna admin', 'rita reception']);
    expect(await cli(folder.dir, '', 'users', 'remove', 'rita')).to.include({ code: 0, stdout: 'user "rita" removed\n' });
    const missing = await cli(folder.dir, '', 'users', 'remove', 'rita');
    expect(missing).to.include({ code: 1, stderr: 'clinic-arrivals: no user named "rita"\n' });
  });
});
