import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cliArgs, cliEnv } from './cli-process.js';
import { fixturePlugin, makeTempProject } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function checkConfig(cwd: string, file: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs('check-config', '--config', file), { cwd, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '' }) }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A config with `clinicLines` added to its clinic section and `templateLines` as its templates. */
function configWith(clinicLines: string[], templateLines: string[]): string {
  return [
    'clinic:',
    '  name: Test Street Medical',
    '  timeZone: Australia/Melbourne',
    ...clinicLines,
    `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
    `sms: { use: "${fixturePlugin('sms-echo')}" }`,
    `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
    'video: { use: none }',
    ...(templateLines.length > 0 ? ['templates:', ...templateLines] : []),
    '',
  ].join('\n');
}

describe('check-config: templates per language', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('names the file, the key of the language and a fix for each bad text, and exits 2', async function () {
    await project.write(
      'clinic.yaml',
      configWith(
        ['  languages: [vi]'],
        [
          '  Registration:',
          '    en: "Hi {{ Patient.firstName }}, reply ARRIVED when you are here."',
          '    vi: "Chào {{ Patient.nmae }}"',
          '  ArrivedThanks:',
          '    vi: "Cảm ơn {% if Patient.name %}"',
          '  VideoThanks:',
          '    de: "Danke"',
          '  HostStarted:',
          '    vi: "Xin chào"',
        ],
      ),
    );
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.code).to.equal(2);
    const lines = run.stderr.split('\n');
    const line = (key: string) => lines.find((l) => l.includes(`clinic.yaml: templates.${key}: `)) ?? '';
    expect(line('Registration.vi')).to.match(
      /unknown variable Patient\.nmae \(line 1, column 9 of the template, which starts on line 12\); did you mean Patient\.name\?/,
    );
    expect(line('ArrivedThanks.vi')).to.include('syntax error');
    expect(line('VideoThanks.de')).to.include('which the clinic does not offer').and.include('add de to clinic.languages');
    expect(line('HostStarted.vi')).to.include("goes to the clinic's staff").and.include('remove the vi text');
    expect(lines.filter((l) => l.includes('templates.Registration.en'))).to.deep.equal([]);
  });

  it('refuses a language key that is not a BCP 47 tag, naming the key', async function () {
    await project.write('clinic.yaml', configWith([], ['  Registration:', '    "viet nam": "Chào"']));
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('clinic.yaml: templates.Registration');
  });

  it('prints segments per template and language, and warns (exit 0) past three segments', async function () {
    const long = 'Chào {{ Patient.firstName }}. ' + 'Vui lòng đến quầy lễ tân. '.repeat(9);
    await project.write('clinic.yaml', configWith(['  languages: [vi]'], ['  Registration:', `    vi: "${long}"`]));
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/\n {2}Registration +en 1–2, vi 4(–\d+)? UCS-2\n/);
    expect(run.stdout).to.match(/\n {2}ArrivedThanks +en 1[,\n]/);
    expect(run.stderr)
      .to.match(/^warning: templates\.Registration \(vi\): 4 UCS-2 SMS segments/m)
      .and.include('shorten it to 3 or fewer');
  });
});
