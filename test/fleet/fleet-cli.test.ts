import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { cliArgs, cliEnv, runCliWithInput } from '../config/cli-process.js';
import { fleetFolder, type FleetFolder } from './fleet-harness.js';

const TOKEN = 'vendor-admin-token-0123456789';

const cli = runCliWithInput;

/** Starts `start` as a process and resolves with its fleet URL once it says where it listens. */
function startFleetProcess(cwd: string): Promise<{ url: string; stop(): Promise<{ code: number | null; stderr: string }> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs('start'), { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const closed = new Promise<{ code: number | null; stderr: string }>((done) => child.on('close', (code) => done({ code, stderr })));
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = /fleet view at (http:\/\/\S+?)\/ /.exec(stderr);
      if (found) resolve({ url: found[1]!, stop: () => (child.kill('SIGTERM'), closed) });
    });
    child.on('error', reject);
    void closed.then(({ code }) => reject(new Error(`start exited (${code}) before listening: ${stderr}`)));
  });
}

describe('CLI with a fleet config (clinics:)', function () {
  this.timeout(60_000);
  let folder: FleetFolder;

  beforeEach(() => {
    folder = fleetFolder({ api: { port: 0, token: TOKEN } });
    folder.writeClinic('north', { clinic: { name: 'North Medical', timeZone: 'Australia/Melbourne' } });
  });
  afterEach(() => folder.remove());

  it('check-config checks every clinic: exit 2 naming the broken clinic file, key and fix; 0 once fixed', async () => {
    folder.writeClinic('broken', { clinic: { name: 'Broken', timeZone: 'Australia/Melborne' } });
    const bad = await cli(folder.dir, '', 'check-config');
    expect(bad.code).to.equal(2);
    expect(bad.stdout).to.contain('clinic north OK');
    expect(bad.stderr).to.contain('clinics/broken.yaml: clinic.timeZone: must be an IANA time zone');
    folder.writeClinic('broken', { clinic: { name: 'Broken', timeZone: 'Australia/Melbourne' } });
    expect((await cli(folder.dir, '', 'check-config')).code).to.equal(0);
  });

  it('start exits 2 when the fleet file’s own keys are wrong', async () => {
    const other = fleetFolder({ clinics: './nowhere' });
    try {
      const run = await cli(other.dir, '', 'start');
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/clinicarrivals\.config\.yaml: clinics: .*nowhere is not a folder; create it/);
    } finally {
      other.remove();
    }
  });

  it('users --clinic adds a staff account to that clinic only; start serves the fleet and that clinic’s sign-in', async () => {
    expect((await cli(folder.dir, 'correct horse battery', 'users', 'add', 'alice')).stderr).to.contain('name one with --clinic <id>');
    const added = await cli(folder.dir, 'correct horse battery\n', 'users', 'add', 'alice', '--clinic', 'north');
    expect(added.code, added.stderr).to.equal(0);
    folder.writeClinic('south', { clinic: { name: 'South Medical', timeZone: 'Australia/Adelaide' } });
    expect((await cli(folder.dir, '', 'users', 'list', '--clinic', 'south')).stdout).to.contain('no staff accounts');

    const fleet = await startFleetProcess(folder.dir);
    try {
      const clinics = await fetch(`${fleet.url}/api/clinics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(((await clinics.json()) as { clinics: Array<{ id: string; state: string }> }).clinics.map((c) => [c.id, c.state])).to.deep.equal([
        ['north', 'running'],
        ['south', 'running'],
      ]);
      const signIn = (id: string) =>
        fetch(`${fleet.url}/c/${id}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: fleet.url },
          body: JSON.stringify({ name: 'alice', password: 'correct horse battery' }),
        });
      const north = await signIn('north');
      expect(north.status).to.equal(200);
      expect(north.headers.get('set-cookie')).to.contain('Path=/c/north/');
      expect((await signIn('south')).status).to.equal(401);
    } finally {
      const { code } = await fleet.stop();
      expect(code).to.equal(0);
    }
  });
});
