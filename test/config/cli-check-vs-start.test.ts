import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cliArgs, cliEnv } from './cli-process.js';
import { makeTempProject } from './helpers.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; a `start` that wrongly starts is killed after a while (and then fails the test). */
function cli(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(...args), { cwd, env: cliEnv(), timeout: 25_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const FILE = 'clinicarrivals.config.yaml';

/** A config that starts as it is; each case adds one mistake. */
function config(extra: { pms?: string[]; templates?: string[]; video?: string } = {}): string {
  return [
    'clinic: { name: Test Street Medical, timeZone: Australia/Melbourne }',
    ...(extra.pms ?? ['pms: { use: pms-simulator }']),
    'sms: { use: sms-simulator }',
    'inbox: { use: inbox-simulator }',
    extra.video ?? 'video: { use: video-simulator }',
    'api: { port: 0 }',
    'logging: { level: warn }',
    ...(extra.templates ? ['templates:', ...extra.templates] : []),
    '',
  ].join('\n');
}

/*
 * The seven broken configs from issue 9 that `check-config` used to pass with "config OK" and
 * `start` then refused with exit 1: each must now fail both ways, exit 2, with the same
 * problem naming the file, the key and (for templates) the line.
 */
const CASES: Array<{ title: string; text: string; expected: string[] }> = [
  {
    title: 'a template with an unknown variable',
    text: config({ templates: ['  Registration: Hi {{ Patient.nmae }}, see you soon.'] }),
    expected: [
      `${FILE}: templates.Registration: unknown variable Patient.nmae (line 9, column 23); did you mean Patient.name? This template may use: Patient.name,`,
    ],
  },
  {
    title: 'an unknown template name',
    text: config({ templates: ['  Registraton: Hi {{ Patient.firstName }}'] }),
    expected: [`${FILE}: templates.Registraton: unknown template (line 9); did you mean Registration? Known templates: Registration, ConsiderTeleHealth,`],
  },
  {
    title: 'VideoInvite without its link variable',
    text: config({ templates: ['  VideoInvite: Your video consult is ready. Reply JOINED once you are in.'] }),
    expected: [`${FILE}: templates.VideoInvite: must contain {{ url }} (the video link the patient taps) (line 9); add {{ url }} where it should appear`],
  },
  {
    title: 'a Liquid syntax error (in a multi-line template)',
    text: config({ templates: ['  Registration: |', '    Hi {{ Patient.firstName }},', '    {% if Appointment.start %}see you soon.'] }),
    expected: [
      `${FILE}: templates.Registration: syntax error: tag {% if Appointment.start %} not closed (line 11, column 5); add {% endif %} where the if block ends`,
    ],
  },
  {
    title: 'a template with {% include %}',
    text: config({ templates: ['  Help: "{% include \'help.liquid\' %}"'] }),
    expected: [
      `${FILE}: templates.Help: uses {% include %}, which is not available in message templates (line 1, column 1 of the template, which starts on line 9); write the text into the template itself`,
    ],
  },
  {
    title: 'an empty template',
    text: config({ templates: ['  ArrivedThanks: ""'] }),
    expected: [`${FILE}: templates.ArrivedThanks: is empty (line 9); write the message text, or remove the override to use the default text`],
  },
  {
    title: 'a SMART private-key file that does not exist',
    text: config({
      pms: [
        'pms:',
        '  use: pms-fhir-r4',
        '  options:',
        '    baseUrl: https://pms.example/fhir/R4',
        '    auth: { type: smart-backend, clientId: clinic-app, tokenUrl: https://pms.example/token, privateKeyPath: keys/missing.pem }',
      ],
    }),
    expected: [
      `${FILE}: pms.options.auth.privateKeyPath: file <dir>/keys/missing.pem does not exist (relative paths start from the config folder <dir>); correct the path or put the file there [pms-fhir-r4]`,
    ],
  },
  {
    title: 'video.verifyJoin with an inbox that has no join gate',
    text: config({ video: 'video: { use: video-simulator, verifyJoin: true }' }),
    expected: [
      `${FILE}: video.verifyJoin: the inbox plugin "inbox-simulator" has no join gate (the page that asks the patient for the code); use an inbox plugin that has one (proxy-default, whose reply proxy serves that page), or set video.verifyJoin: false [inbox-simulator]`,
    ],
  },
];

describe('CLI: check-config finds what start would refuse', function () {
  this.timeout(60_000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project?.cleanup();
  });

  for (const { title, text, expected } of CASES) {
    it(`${title}: check-config and start both exit 2 with the same problem`, async function () {
      await project.write(FILE, text);
      const [check, start] = await Promise.all([cli(project.dir, 'check-config'), cli(project.dir, 'start')]);
      const lines = expected.map((line) => line.replaceAll('<dir>', project.dir));
      expect(check.code, check.stderr).to.equal(2);
      expect(check.stdout).to.equal('');
      const problems = check.stderr.trim().split('\n');
      expect(problems[0]).to.equal(`The config has ${lines.length} problem${lines.length === 1 ? '' : 's'}; nothing was started:`);
      for (const [index, line] of lines.entries())
        expect(problems[index + 1]).to.satisfy((p: string) => p.startsWith(`  ${line}`), `${problems[index + 1]}\nshould start with\n  ${line}`);

      expect(start.code, start.stderr).to.equal(2);
      expect(start.stderr).to.equal(check.stderr);
      expect(start.stdout).to.equal('');
      expect(existsSync(join(project.dir, 'data')), 'no store was created').to.equal(false);
    });
  }

  it('refuses a configured template that renders past the SMS limit, with its length and segments', async function () {
    await project.write(FILE, config({ templates: ['  Registration: "{% for i in (1..40) %}{{ Patient.firstName }}{% endfor %}"'] }));
    const run = await cli(project.dir, 'check-config');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(
      /clinicarrivals\.config\.yaml: templates\.Registration: renders to up to 1,683 characters \(11 GSM-7 SMS segments\) with the longest plausible names, dates and links, .*; an SMS can carry at most 1,600 \(Twilio refuses longer texts\) \(line 9\); shorten the text or its loops$/m,
    );
  });

  it('lists template, file and schema problems together', async function () {
    await project.write(
      FILE,
      config({
        pms: ['pms: { use: pms-fhir-r4, options: { baseUrl: ftp://pms.example, auth: { type: smart-backend, clientId: c, privateKeyPath: k.pem } } }'],
        templates: ['  Registration: Hi {{ Patient.nmae }}', '  Help: ""'],
      }).replace('Australia/Melbourne', 'Australia/Melborne'),
    );
    const run = await cli(project.dir, 'check-config');
    expect(run.code).to.equal(2);
    const problems = run.stderr
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(': ').slice(0, 2).join(': '));
    expect(problems).to.have.members([
      `${FILE}: clinic.timeZone`,
      `${FILE}: templates.Registration`,
      `${FILE}: templates.Help`,
      `${FILE}: pms.options.baseUrl`,
    ]);
    expect(run.stderr).to.include('pms.options.baseUrl: must start with http:// or https:// (got "ftp://pms.example")');
  });
});
