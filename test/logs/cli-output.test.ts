import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { makeTempProject, simulatorConfigYaml } from '../config/helpers.js';
import { logEnv, runCli, runCliOnTerminal, type CliRun } from './cli-run.js';
import { patientDataIn, type SeededAppointment } from './patient-data.js';
import { parseLogLines } from './strict-json.js';

const INFO = 30;

const config = simulatorConfigYaml;

// pino-pretty's colours, and the terminal's line ends.
// eslint-disable-next-line no-control-regex -- strips the terminal's colour codes
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');

describe('CLI log output', function () {
  this.timeout(60_000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  let run: CliRun | undefined;
  beforeEach(async () => {
    project = await makeTempProject();
  });
  afterEach(async () => {
    if (run && run.child.exitCode === null) run.child.kill('SIGKILL');
    run = undefined;
    await project.cleanup();
  });

  /** Waits for the banner, lets `during` use the API, then stops the host with SIGINT. */
  const untilStopped = async (during: (apiUrl: string) => Promise<void> = async () => undefined, pidFile?: string) => {
    const [, apiUrl] = await run!.waitFor(/Local API: (http:\/\/127\.0\.0\.1:\d+)/, pidFile ? 'stdout' : 'stderr');
    // Printed in the same tick as the CLI starts listening for SIGINT.
    await run!.waitFor(/Press Ctrl\+C to stop\./, pidFile ? 'stdout' : 'stderr');
    await during(apiUrl!);
    const pid = pidFile ? Number(readFileSync(pidFile, 'utf8')) : run!.child.pid!;
    process.kill(pid, 'SIGINT');
    expect(await run!.exited, `${run!.stdout()}\n${run!.stderr()}`).to.equal(0);
  };

  it('demo under a pipe: stdout is only JSON lines, no key twice and no patient data; the banner is on stderr', async function () {
    run = runCli(project.dir, logEnv(), 'demo', '--port', '0');
    let appointments: SeededAppointment[] = [];
    let texts: string[] = [];
    await untilStopped(async (apiUrl) => {
      appointments = ((await (await fetch(`${apiUrl}/api/simulator/appointments`)).json()) as { items: SeededAppointment[] }).items;
      // The today loop's first pass has texted the seeded patients once the status page counts a run.
      await waitFor(
        async () => {
          const status = (await (await fetch(`${apiUrl}/api/status`)).json()) as { loops: Record<string, { runs: number }> };
          return (status.loops.today?.runs ?? 0) > 0;
        },
        { what: 'a run of the today loop on the status page' },
      );
      texts = ((await (await fetch(`${apiUrl}/api/simulator/sms/sent`)).json()) as { items: Array<{ body: string }> }).items.map((t) => t.body);
    });
    const entries = parseLogLines(run.stdout());
    expect(entries.map((entry) => entry.msg)).to.include.members(['demo day seeded in the simulated PMS', 'local API listening', 'host stopped']);
    expect(texts, 'the demo sent texts').to.not.be.empty;
    const withPatientData = run
      .stdout()
      .split('\n')
      .filter(Boolean)
      .filter((line) => (JSON.parse(line) as { level: number }).level >= INFO)
      .filter((line) => patientDataIn(line, appointments, texts).length > 0);
    expect(withPatientData).to.deep.equal([]);
    expect(run.stderr()).to.include('clinic-arrivals is running for').and.include('Reception app:').and.include('Press Ctrl+C to stop.').and.include('stopped');
    expect(run.stderr(), 'the simulated texts are shown off the log').to.include('[sms-simulator] to ');
  });

  it("start on a terminal writes pino-pretty's human lines, not JSON", async function () {
    if (!existsSync('/usr/bin/script')) this.skip();
    await project.write('clinicarrivals.config.yaml', config('{ level: info }'));
    const pidFile = join(project.dir, 'cli.pid');
    run = runCliOnTerminal(project.dir, logEnv(), pidFile, 'start');
    await untilStopped(undefined, pidFile);
    const lines = plain(run.stdout()).split('\n');
    expect(
      lines.some((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: local API listening$/.test(line)),
      plain(run.stdout()),
    ).to.equal(true);
    expect(lines.some((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: host stopped$/.test(line))).to.equal(true);
    expect(lines.filter((line) => line.startsWith('{'))).to.deep.equal([]);
  });

  it('start on a terminal with LOG_FORMAT=json writes JSON lines', async function () {
    if (!existsSync('/usr/bin/script')) this.skip();
    await project.write('clinicarrivals.config.yaml', config('{ level: info, format: pretty }'));
    const pidFile = join(project.dir, 'cli.pid');
    run = runCliOnTerminal(project.dir, logEnv({ LOG_FORMAT: 'json' }), pidFile, 'start');
    await untilStopped(undefined, pidFile);
    const json = plain(run.stdout())
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(parseLogLines(json.join('\n')).map((entry) => entry.msg)).to.include.members(['local API listening', 'host stopped']);
  });

  it('logging.level in the config sets the level; LOG_LEVEL wins over it', async function () {
    await project.write('clinicarrivals.config.yaml', config('{ level: warn }'));
    run = runCli(project.dir, logEnv(), 'start');
    await untilStopped(async (apiUrl) => void (await (await fetch(`${apiUrl}/api/status`)).text()));
    expect(run.stdout(), 'nothing below warn').to.equal('');

    run = runCli(project.dir, logEnv({ LOG_LEVEL: 'debug' }), 'start');
    await untilStopped(async (apiUrl) => void (await (await fetch(`${apiUrl}/api/status`)).text()));
    const entries = parseLogLines(run.stdout());
    expect(
      entries.find((entry) => entry.msg === 'api request'),
      'a debug line',
    ).to.include({ level: 20, route: '/api/status' });
  });

  it('refuses an unknown LOG_LEVEL with exit 2 before starting anything', async function () {
    await project.write('clinicarrivals.config.yaml', config('{ level: info }'));
    run = runCli(project.dir, logEnv({ LOG_LEVEL: 'verbose' }), 'start');
    expect(await run.exited).to.equal(2);
    expect(run.stderr()).to.include('LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent (got "verbose")');
    expect(run.stdout()).to.equal('');
    expect(existsSync(join(project.dir, 'data')), 'no store was created').to.equal(false);

    run = runCli(project.dir, logEnv({ LOG_FORMAT: 'xml' }), 'check-config');
    expect(await run.exited, 'check-config says so too').to.equal(2);
    expect(run.stderr()).to.include('LOG_FORMAT must be one of auto, json, pretty (got "xml")');
  });

  it('logging.file writes the JSON lines to a file next to the config as well', async function () {
    await project.write('site/clinicarrivals.config.yaml', config('{ level: info, file: { path: logs/host.log } }'));
    run = runCli(project.dir, logEnv({ CLINIC_ARRIVALS_CONFIG: 'site/clinicarrivals.config.yaml' }), 'start');
    await untilStopped();
    expect(readdirSync(join(project.dir, 'site', 'logs'))).to.deep.equal(['host.1.log']);
    const written = readFileSync(join(project.dir, 'site', 'logs', 'host.1.log'), 'utf8');
    expect(written, 'the same lines as stdout').to.equal(run.stdout());
    expect(parseLogLines(written).map((entry) => entry.msg)).to.include.members(['local API listening', 'host stopped']);
  });
});
