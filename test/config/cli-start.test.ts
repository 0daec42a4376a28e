import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor as waitForCondition } from '@clinic-arrivals/plugin-kit/testing';
import { cliArgs, cliEnv } from './cli-process.js';
import { makeTempProject, simulatorConfigYaml } from './helpers.js';

const SIMULATOR_CONFIG = simulatorConfigYaml();

/** Collects a child's output and resolves when it exits. */
function watch(child: ChildProcess) {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exit: { code: number | null } | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exit = { code };
      resolve(code);
    }),
  );
  // The banner and the Ctrl+C lines are on stderr: stdout carries only the JSON log.
  const waitFor = (pattern: RegExp): Promise<RegExpExecArray> =>
    waitForCondition(
      () => {
        const match = pattern.exec(stderr);
        if (!match && exit) throw new Error(`exited with ${exit.code} before printing ${pattern}: ${stderr}`);
        return match;
      },
      { what: `${pattern} on stderr`, timeoutMs: 25_000 },
    );
  return { exited, waitFor, output: () => ({ stdout, stderr }) };
}

describe('CLI: start', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  let child: ChildProcess | undefined;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
    await project.cleanup();
  });

  it('starts the host, says where the API is, and stops cleanly on SIGINT', async function () {
    await project.write('clinicarrivals.config.yaml', SIMULATOR_CONFIG);
    child = spawn(process.execPath, cliArgs('start'), { cwd: project.dir, env: cliEnv() });
    const run = watch(child);
    const [, apiUrl] = await run.waitFor(/Local API: (http:\/\/127\.0\.0\.1:\d+)/);
    expect(run.output().stderr).to.include(`Reception app: ${apiUrl}/`);
    const status = await fetch(`${apiUrl}/api/status`);
    expect(status.status).to.equal(200);
    await status.body?.cancel();
    expect(existsSync(join(project.dir, 'data', 'clinic-arrivals.sqlite')), 'store next to the config').to.equal(true);

    child.kill('SIGINT');
    expect(await run.exited).to.equal(0);
    expect(run.output().stderr).to.include('stopped');
  });

  it('starts nothing and exits 2 when the config has problems', async function () {
    await project.write('clinicarrivals.config.yaml', SIMULATOR_CONFIG.replace('pms-simulator', 'pms-simulater'));
    child = spawn(process.execPath, cliArgs('start'), { cwd: project.dir, env: cliEnv() });
    const run = watch(child);
    expect(await run.exited).to.equal(2);
    expect(run.output().stderr).to.include('clinicarrivals.config.yaml: pms.use: unknown plugin "pms-simulater"');
    expect(run.output().stdout).to.equal('');
    expect(existsSync(join(project.dir, 'data')), 'no store was created').to.equal(false);
  });

  it('exits 2 with "no config found" and starts nothing when the folder has no config', async function () {
    child = spawn(process.execPath, cliArgs('start'), { cwd: project.dir, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '' }) });
    const run = watch(child);
    expect(await run.exited).to.equal(2);
    expect(run.output().stderr).to.include('no config found: run `clinic-arrivals init` or `clinic-arrivals demo`');
    expect(run.output().stderr).to.include(`searched ${project.dir}`);
    expect(run.output().stdout).to.equal('');
    expect(existsSync(join(project.dir, 'data')), 'no store was created').to.equal(false);
  });

  it('starts the config CLINIC_ARRIVALS_CONFIG names', async function () {
    await project.write('site/clinic.yaml', SIMULATOR_CONFIG);
    child = spawn(process.execPath, cliArgs('start'), { cwd: project.dir, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: 'site/clinic.yaml' }) });
    const run = watch(child);
    await run.waitFor(/Local API: http:\/\/127\.0\.0\.1:\d+/);
    expect(existsSync(join(project.dir, 'site', 'data', 'clinic-arrivals.sqlite')), 'store next to the named config').to.equal(true);
    child.kill('SIGINT');
    expect(await run.exited).to.equal(0);
  });

  it('demo runs the simulators with a demo day where there is no config, and stops on SIGINT', async function () {
    child = spawn(process.execPath, cliArgs('demo', '--port', '0'), { cwd: project.dir, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '' }) });
    const run = watch(child);
    const [, apiUrl] = await run.waitFor(/Local API: (http:\/\/127\.0\.0\.1:\d+)/);
    const today = await fetch(`${apiUrl}/api/appointments/today`);
    expect(today.status).to.equal(200);
    const body = (await today.json()) as { items: unknown[] };
    expect(body.items, 'the demo day was seeded').to.be.an('array').that.is.not.empty;
    expect(existsSync(join(project.dir, 'data', 'clinic-arrivals.sqlite')), 'demo store in ./data').to.equal(true);
    child.kill('SIGINT');
    expect(await run.exited).to.equal(0);
  });

  it("demo refuses (exit 2) in a folder that has a config, so it never seeds a clinic's store", async function () {
    const file = await project.write('clinicarrivals.config.yaml', SIMULATOR_CONFIG);
    child = spawn(process.execPath, cliArgs('demo', '--port', '0'), { cwd: project.dir, env: cliEnv() });
    const run = watch(child);
    expect(await run.exited).to.equal(2);
    expect(run.output().stderr).to.include(`${file}: a config is here, so the demo`);
    expect(existsSync(join(project.dir, 'data')), 'no store was created').to.equal(false);
  });
});
