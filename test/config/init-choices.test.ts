import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { initConfigText } from '../../core/cli/init-template.js';
import { substituteEnv } from '../../core/config/substitute.js';
import { validateCoreConfig } from '../../core/config/validate.js';
import { DEFAULT_CONFIRM, DEFAULT_RUNNING_LATE, type WorkflowSettings } from '../../core/engine/workflow-settings.js';
import { cliArgs, cliEnv, runCliWithInput } from './cli-process.js';
import { makeTempProject } from './helpers.js';

const ZONE = ['--time-zone', 'Australia/Melbourne'];

/** The workflow section of a written config, as the host reads it once validated and defaulted. */
function validatedWorkflow(text: string): WorkflowSettings {
  const env = Object.fromEntries([...text.matchAll(/\$\{([A-Z_]+)\}/g)].map(([, name]) => [name!, 'https://set.example']));
  const substituted = substituteEnv(parse(text), 'clinicarrivals.config.yaml', env);
  const checked = validateCoreConfig(substituted.value, { fileLabel: 'clinicarrivals.config.yaml' });
  expect(checked.problems).to.deep.equal([]);
  return checked.value!.workflow;
}

/** Runs `init` on a pseudo-terminal (`script`) with `answers` typed ahead; resolves with what it printed. */
function initOnTerminal(cwd: string, answers: string, ...args: string[]): Promise<string> {
  const command = [process.execPath, ...cliArgs('init', ...args)].map((arg) => `'${arg}'`).join(' ');
  return new Promise((resolve) => {
    const child = execFile('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd, env: cliEnv({ TZ: 'UTC' }) }, (_error, stdout) => resolve(stdout));
    child.stdin!.end(answers);
  });
}

describe('CLI: init offers confirm-by-reply and running-late texts (issue 18)', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('writes both off by default, with onNo reception: the schema defaults, so a new clinic runs as existing ones do', () => {
    for (const real of [false, true]) {
      const text = initConfigText({ real, timeZone: 'Australia/Melbourne' });
      const raw = parse(text);
      expect(raw.workflow.confirm).to.deep.equal({ ask: false, onNo: 'reception' });
      expect(raw.workflow.runningLate).to.deep.equal({ ...DEFAULT_RUNNING_LATE });
      expect(raw.workflow.keywords.wait).to.deep.equal([]);
      const workflow = validatedWorkflow(text);
      expect(workflow.confirm).to.deep.equal({ ...DEFAULT_CONFIRM });
      expect(workflow.runningLate).to.deep.equal({ ...DEFAULT_RUNNING_LATE });
    }
  });

  it('explains what a NO does in the written file', () => {
    const text = initConfigText({ real: false, timeZone: 'Australia/Melbourne' });
    expect(text).to.match(/onNo: reception +# a NO: reception \(an inbox item with a one-click cancel/);
    expect(text).to.include('cancel (cancelled in the PMS with reason "pat"');
  });

  it('--confirm --on-no cancel --running-late turn them on, and the file passes check-config', async function () {
    const run = await runCliWithInput(project.dir, '', 'init', ...ZONE, '--confirm', '--on-no', 'cancel', '--running-late');
    expect(run.code).to.equal(0);
    const text = await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8');
    expect(text).to.equal(initConfigText({ real: false, timeZone: 'Australia/Melbourne', confirm: true, onNo: 'cancel', runningLateTexts: true }));
    const workflow = validatedWorkflow(text);
    expect(workflow.confirm).to.deep.equal({ ask: true, onNo: 'cancel' });
    expect(workflow.runningLate).to.deep.include({ texts: true, thresholdMinutes: 15, stepMinutes: 15, maxTexts: 2 });
    const check = await runCliWithInput(project.dir, '', 'check-config');
    expect(check.stderr).to.equal('');
    expect(check.code).to.equal(0);
  });

  it('--confirm alone keeps onNo at reception', async function () {
    expect((await runCliWithInput(project.dir, '', 'init', ...ZONE, '--confirm')).code).to.equal(0);
    const raw = parse(await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8'));
    expect(raw.workflow.confirm).to.deep.equal({ ask: true, onNo: 'reception' });
    expect(raw.workflow.runningLate.texts).to.equal(false);
  });

  it('exits 2 naming --on-no when it is neither reception nor cancel, and writes nothing', async function () {
    const run = await runCliWithInput(project.dir, '', 'init', ...ZONE, '--confirm', '--on-no', 'delete');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('--on-no: must be reception or cancel (got "delete")');
    expect(existsSync(join(project.dir, 'clinicarrivals.config.yaml'))).to.equal(false);
  });

  it('without a terminal and without the flags, asks nothing and writes them off', async function () {
    const run = await runCliWithInput(project.dir, 'yes\nyes\n', 'init', ...ZONE);
    expect(run.code).to.equal(0);
    expect(run.stdout).not.to.include('confirm or cancel');
    const raw = parse(await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8'));
    expect(raw.workflow.confirm.ask).to.equal(false);
    expect(raw.workflow.runningLate.texts).to.equal(false);
  });

  describe('on a terminal', function () {
    before(function () {
      if (!existsSync('/usr/bin/script')) this.skip();
    });

    it('asks for each, asking again after an answer that is not yes or no, and what a NO does once confirm is on', async function () {
      const file = join(project.dir, 'asked.yaml');
      const output = await initOnTerminal(project.dir, 'maybe\ny\ncancel\nYES\n', ...ZONE, '--region', 'AU', '--locale', 'en-AU', '--out', file);
      expect(output).to.include('ask patients to confirm or cancel by reply').and.include('answer yes or no');
      expect(output).to.include('a NO: reception gets an inbox item').and.include('text waiting patients when their practitioner runs late');
      const raw = parse(await readFile(file, 'utf8'));
      expect(raw.workflow.confirm).to.deep.equal({ ask: true, onNo: 'cancel' });
      expect(raw.workflow.runningLate.texts).to.equal(true);
    });

    it('takes the defaults on empty answers, and does not ask what a NO does when confirm is off', async function () {
      const file = join(project.dir, 'asked.yaml');
      const output = await initOnTerminal(project.dir, '\n\n', ...ZONE, '--region', 'AU', '--locale', 'en-AU', '--out', file);
      expect(output).not.to.include('a NO: reception gets an inbox item');
      const raw = parse(await readFile(file, 'utf8'));
      expect(raw.workflow.confirm).to.deep.equal({ ask: false, onNo: 'reception' });
      expect(raw.workflow.runningLate.texts).to.equal(false);
    });

    it('does not ask what the flags already say (--no-confirm, --running-late)', async function () {
      const file = join(project.dir, 'asked.yaml');
      const output = await initOnTerminal(project.dir, '', ...ZONE, '--region', 'AU', '--locale', 'en-AU', '--no-confirm', '--running-late', '--out', file);
      expect(output).not.to.include('ask patients to confirm').and.not.include('runs late?');
      const raw = parse(await readFile(file, 'utf8'));
      expect(raw.workflow.confirm.ask).to.equal(false);
      expect(raw.workflow.runningLate.texts).to.equal(true);
    });
  });
});
