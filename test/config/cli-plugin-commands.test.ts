import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { fixturePlugin, makeTempProject } from './helpers.js';
import { cliArgs, cliEnv } from './cli-process.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(...args), { cwd, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '', ...env }) }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/*
 * A third party's SMS plugin that also brings commands: `greet` prints its arguments and exits
 * with 3; `start` clashes with the host's own command; `broken` fails to load. Loading a
 * command's code writes a marker line, so the test sees that --help never loads it.
 */
const GREETER_PLUGIN = `
const sender = { async send() { return { providerId: 'greeter-1' }; } };
export default {
  manifest: { id: 'sms-greeter', role: 'sms', hostApi: '^2' },
  optionsSchema: { type: 'object', additionalProperties: false, properties: {} },
  create() { return { service: sender }; },
  extensions: {
    commands: [
      {
        name: 'greet',
        summary: 'say hello from a plugin',
        async load() {
          process.stderr.write('greet command loaded\\n');
          return { async run(argv, io) { io.stdout.write('hello ' + argv.join(' ') + ' from ' + io.cwd + '\\n'); return 3; } };
        },
      },
      { name: 'start', summary: 'clashes with the host', async load() { throw new Error('never loaded'); } },
      { name: 'broken', summary: 'fails to load', async load() { throw new Error('the greeter is broken'); } },
    ],
  },
};
`;

const CONFIG = [
  'clinic:',
  '  name: Test Street Medical',
  '  timeZone: Australia/Melbourne',
  `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
  'sms: { use: "./sms-greeter/index.js" }',
  `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
  'video: { use: none }',
  '',
].join('\n');

describe('CLI: commands that plugins add', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  before(async () => {
    project = await makeTempProject();
    await project.write('sms-greeter/index.js', GREETER_PLUGIN);
    await project.write('sms-greeter/package.json', JSON.stringify({ name: 'sms-greeter', type: 'module' }));
    await project.write('clinicarrivals.config.yaml', CONFIG);
  });
  after(() => project.cleanup());

  it("--help lists the built-in plugins' commands (the reply proxy) with no config", async () => {
    const run = await cli(project.dir, {}, '--help');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^ {2}proxy +run the public reply proxy/m);
    expect(run.stdout).to.include('[proxy-default]');
    expect(run.stdout).not.to.include('greet');
  });

  it("--help with a config lists its plugins' commands without loading them; a clashing name is left out and said", async () => {
    const run = await cli(project.dir, {}, '--help', '--config', 'clinicarrivals.config.yaml');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^ {2}greet +say hello from a plugin \[sms-greeter\]$/m);
    expect(run.stdout).to.match(/^ {2}broken +fails to load/m);
    expect(run.stdout).to.match(/^ {2}proxy /m);
    expect(run.stdout).not.to.include('clashes with the host');
    expect(run.stderr).to.include('command "start" of plugin "sms-greeter" ignored: the host has a command of that name');
    expect(run.stderr).not.to.include('greet command loaded');
  });

  it("runs a configured plugin's command with the words after its name, and exits with its code", async () => {
    const run = await cli(project.dir, { CLINIC_ARRIVALS_CONFIG: 'clinicarrivals.config.yaml' }, 'greet', 'reception', 'team');
    expect(run.stderr).to.include('greet command loaded');
    expect(run.stdout).to.equal(`hello reception team from ${project.dir}\n`);
    expect(run.code).to.equal(3);
  });

  it('reports a command whose code fails to load (exit 1) and an unknown command as before', async () => {
    const broken = await cli(project.dir, {}, 'broken', '--config', 'clinicarrivals.config.yaml');
    expect(broken.code).to.equal(1);
    expect(broken.stderr).to.include('the greeter is broken');
    const unknown = await cli(project.dir, {}, 'greet');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include("unknown command 'greet'");
  });

  it("runs the reply proxy's command from its plugin (help and hash-key)", async () => {
    const help = await cli(project.dir, {}, 'proxy', '--help');
    expect(help.code).to.equal(0);
    expect(help.stdout).to.include('Usage: clinic-arrivals proxy');
    expect(help.stdout).to.include('hash-key');
    const hashed = await cli(project.dir, {}, 'proxy', 'hash-key', 'a-client-key-of-thirty-two-chars!');
    expect(hashed.code).to.equal(0);
    expect(hashed.stdout).to.match(/^scrypt:/);
  });
});
