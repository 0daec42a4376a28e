import { expect } from 'chai';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SERVICE_UNIT_OPTIONS, serviceUnitText } from '../../core/cli/service-unit.js';
import { cliArgs, cliEnv } from '../config/cli-process.js';
import { REPO_ROOT } from '../config/helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(...args), { env: cliEnv(), timeout: 25_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** `key=value` lines of a unit, for exact checks (comments left out). */
function directives(unit: string): string[] {
  return unit.split('\n').filter((line) => /^[A-Z][A-Za-z]+=/.test(line));
}

const HARDENING = [
  'User=svc-ca',
  'NoNewPrivileges=yes',
  'ProtectSystem=strict',
  'ReadWritePaths=/srv/clinic',
  'ProtectHome=yes',
  'PrivateTmp=yes',
  'PrivateDevices=yes',
  'CapabilityBoundingSet=',
  'Restart=on-failure',
  'RestartSec=10s',
  'RestartPreventExitStatus=2',
  'EnvironmentFile=-/etc/ca/secrets',
  'StandardOutput=journal',
  'UMask=0077',
];

const hasSystemdAnalyze = !spawnSync('systemd-analyze', ['--version']).error;

describe('service: the systemd unit', () => {
  it('ships service/clinic-arrivals.service as print-unit writes it with the documented defaults', async () => {
    const shipped = await readFile(join(REPO_ROOT, 'service', 'clinic-arrivals.service'), 'utf8');
    expect(shipped).to.equal(serviceUnitText(DEFAULT_SERVICE_UNIT_OPTIONS));
    expect(directives(shipped)).to.include.members([
      'User=clinic-arrivals',
      'StateDirectory=clinic-arrivals',
      'ReadWritePaths=/var/lib/clinic-arrivals',
      'ExecStart=/usr/bin/node /usr/lib/node_modules/clinic-arrivals/dist/core/cli/main.js start --config /etc/clinic-arrivals/clinicarrivals.config.yaml',
    ]);
  });

  it('print-unit: own user, read-only system but the data folder, restart on failure but not on a config error', async () => {
    const run = await cli(
      'service',
      'print-unit',
      '--user',
      'svc-ca',
      '--data-dir',
      '/srv/clinic/',
      '--config',
      '/etc/ca/clinic.yaml',
      '--secrets-file',
      '/etc/ca/secrets',
      '--node',
      '/opt/node/bin/node',
      '--main',
      '/opt/ca/dist/core/cli/main.js',
    );
    expect(run.code, run.stderr).to.equal(0);
    const lines = directives(run.stdout);
    expect(lines).to.include.members([
      ...HARDENING,
      'ExecStart=/opt/node/bin/node /opt/ca/dist/core/cli/main.js start --config /etc/ca/clinic.yaml',
      'WorkingDirectory=/srv/clinic',
    ]);
    // Outside /var/lib the installer creates the folder; systemd's StateDirectory= would point elsewhere.
    expect(lines.some((line) => line.startsWith('StateDirectory='))).to.equal(false);
    expect(lines.filter((line) => line.startsWith('ReadWritePaths='))).to.deep.equal(['ReadWritePaths=/srv/clinic']);
  });

  it('print-unit refuses root, relative-looking and unquotable values, naming each flag (exit 2)', async () => {
    const run = await cli('service', 'print-unit', '--user', 'root', '--data-dir', '/srv/my clinic', '--node', '/opt/node%i/node');
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.include('--user: must be a system user name').and.include('--data-dir: may only contain').and.include('--node: may only contain');
  });

  it('print-unit warns when node lives in a home folder that ProtectHome hides', async () => {
    const run = await cli('service', 'print-unit', '--node', '/home/anna/.nvm/versions/node/v22.12.0/bin/node');
    expect(run.code).to.equal(0);
    expect(run.stderr).to.include('warning: --node').and.include('ProtectHome=yes');
  });

  (hasSystemdAnalyze ? it : it.skip)('systemd-analyze verify accepts the printed unit without a complaint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ca-unit-'));
    try {
      // verify checks that ExecStart's program exists: point it at the node running this test.
      const run = await cli('service', 'print-unit', '--node', process.execPath, '--data-dir', join(dir, 'data'));
      expect(run.code, run.stderr).to.equal(0);
      const file = join(dir, 'clinic-arrivals.service');
      await writeFile(file, run.stdout);
      const verify = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      const complaints = `${verify.stdout}${verify.stderr}`.split('\n').filter((line) => line.includes('clinic-arrivals.service'));
      expect({ status: verify.status, complaints }).to.deep.equal({ status: 0, complaints: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
