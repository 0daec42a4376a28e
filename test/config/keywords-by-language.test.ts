import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { keywordsByLanguageProblems } from '../../core/engine/keyword-list-problems.js';
import { fixturePlugin, makeTempProject } from './helpers.js';
import { cliArgs, cliEnv } from './cli-process.js';

function checkConfig(cwd: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs('check-config', '--config', file), { cwd, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '' }) }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const config = (workflow: string[]) =>
  [
    'clinic:',
    '  name: Test Street Medical',
    '  timeZone: Australia/Melbourne',
    `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
    `sms: { use: "${fixturePlugin('sms-echo')}" }`,
    `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
    'video: { use: none }',
    'workflow:',
    ...workflow.map((line) => `  ${line}`),
    '',
  ].join('\n');

describe('config: reply words per language (workflow.keywordsByLanguage)', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('check-config accepts "так" and "ні" as Ukrainian keywords (exit 0)', async function () {
    await project.write('clinic.yaml', config(['keywordsByLanguage:', '    uk:', '      yes: ["так"]', '      no: ["ні"]']));
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^config OK: /);
  });

  it('check-config rejects a word that means two things within one language, naming file, key and fix (exit 2)', async function () {
    await project.write(
      'clinic.yaml',
      config(['keywordsByLanguage:', '    uk:', '      yes: ["так"]', '      no: ["Так!"]', '    vi:', '      arrived: ["có"]']),
    );
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      'The config has 2 problems; nothing was started:',
      '  clinic.yaml: workflow.keywordsByLanguage.vi.arrived: "có" is already a Vietnamese (vi) keyword for "yes" (shipped); a word can mean only one thing to a patient, so choose another word',
      '  clinic.yaml: workflow.keywordsByLanguage.uk.no: "Так!" is already a Ukrainian (uk) keyword for "yes" (workflow.keywordsByLanguage.uk.yes); a word can mean only one thing to a patient, so choose another word',
    ]);
  });

  it('check-config refuses a tag that is not a language', async function () {
    await project.write('clinic.yaml', config(['keywordsByLanguage:', '    "not a tag":', '      yes: ["so"]']));
    const run = await checkConfig(project.dir, 'clinic.yaml');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('workflow.keywordsByLanguage');
    expect(run.stderr).to.include('must be a BCP 47 language tag');
  });

  it('a word that would shadow the English fallback is an error', () => {
    expect(keywordsByLanguageProblems({}, { uk: { yes: ['ok'] } })).to.deep.equal([
      'workflow.keywordsByLanguage.uk.yes: "ok" is already an English keyword for "joined", and Ukrainian (uk) replies fall back to English; a word can mean only one thing to a patient, so choose another word',
    ]);
  });

  it('workflow.keywords apply in every language, so they may not clash with a shipped list', () => {
    expect(keywordsByLanguageProblems({ arrived: ['co'] }, {})).to.deep.equal([
      'workflow.keywords.arrived: "co" is already a Vietnamese (vi) keyword for "yes" (shipped); a word can mean only one thing to a patient, so choose another word',
    ]);
    // An English-only extra would be shadowed for Vietnamese patients in the same way.
    expect(keywordsByLanguageProblems({}, { en: { arrived: ['co'] } })).to.deep.equal([
      'workflow.keywordsByLanguage.en.arrived: "co" is already a Vietnamese (vi) keyword for "yes" (shipped); a word can mean only one thing to a patient, so choose another word',
    ]);
    // Spanish reads "Sí" as `si`, its own yes: no clash for yes, a clash for another intent.
    expect(keywordsByLanguageProblems({ yes: ['Sí'] }, {})).to.deep.equal([]);
    expect(keywordsByLanguageProblems({}, { 'es-MX': { no: ['Sí'] } })[0]).to.match(
      /^workflow\.keywordsByLanguage\.es-MX\.no: "Sí" is already a Spanish \(es\) keyword for "yes"/,
    );
  });

  it('empty words and carrier words are refused in every language; English clashes stay with keywordProblems', () => {
    expect(keywordsByLanguageProblems({}, { ar: { yes: ['ـــَ'] }, uk: { no: ['STOP'], code: ['Help'] } })).to.deep.equal([
      'workflow.keywordsByLanguage.ar.yes: "ـــَ" has no letters or digits, so no reply can match it',
      'workflow.keywordsByLanguage.uk.no: "STOP" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywordsByLanguage.uk.code: "Help" is a help word and cannot be a workflow keyword',
    ]);
    // "y" for no clashes with English yes: reported once, by keywordProblems.
    expect(keywordsByLanguageProblems({ no: ['y', 'stop'] }, {})).to.deep.equal([]);
  });
});
