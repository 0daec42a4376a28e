import { expect } from 'chai';
import { join } from 'node:path';
import { loadConfig, loadConfigFromObject } from '../../core/config/load.js';
import { fixtureConfig, makeTempProject, problemsOf } from './helpers.js';

const FILE = 'clinicarrivals.config.yaml';
const MAY_USE = 'This template may use: Patient.name,';

describe('config: templates and files, checked as start-up will', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  const origin = (env: NodeJS.ProcessEnv = {}) => ({ file: join(project.dir, FILE), dir: project.dir, env });
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  describe('templates', function () {
    it('reports every bad template under templates.<Name>, with the place in the template and a fix', async function () {
      const problems = await problemsOf(() =>
        loadConfigFromObject(
          fixtureConfig({
            templates: {
              Registration: 'Hi\n{{ Patient.nmae }}',
              Registraton: 'Hi',
              VideoInvite: 'Your consult is ready. Reply JOINED once in.',
              DoctorReady: 'Come to {% if room %}{{ room }}',
              Help: '{% include "help" %}',
              ArrivedThanks: '',
            },
          }),
          origin(),
        ),
      );
      expect(problems).to.have.length(6);
      const byKey = (key: string) => problems.find((p) => p.startsWith(`${FILE}: templates.${key}: `));
      expect(byKey('Registration'))
        .to.match(
          /^clinicarrivals\.config\.yaml: templates\.Registration: unknown variable Patient\.nmae \(line 2, column 4 of the template\); did you mean Patient\.name\? /,
        )
        .and.include(MAY_USE);
      expect(byKey('Registraton')).to.match(/: unknown template; did you mean Registration\? Known templates: /);
      expect(byKey('VideoInvite')).to.equal(
        `${FILE}: templates.VideoInvite: must contain {{ url }} (the video link the patient taps); add {{ url }} where it should appear`,
      );
      expect(byKey('DoctorReady')).to.equal(
        `${FILE}: templates.DoctorReady: syntax error: tag {% if room %} not closed (line 1, column 9 of the template); add {% endif %} where the if block ends`,
      );
      expect(byKey('Help')).to.equal(
        `${FILE}: templates.Help: uses {% include %}, which is not available in message templates (line 1, column 1 of the template); write the text into the template itself`,
      );
      expect(byKey('ArrivedThanks')).to.equal(
        `${FILE}: templates.ArrivedThanks: is empty; write the message text, or remove the override to use the default text`,
      );
    });

    it('gives the line and column in the YAML file itself', async function () {
      await project.write(
        FILE,
        [
          'clinic: { name: Test Street Medical, timeZone: Australia/Melbourne }',
          'templates:',
          '  Registration: |',
          '    Hi {{ Patient.firstName }},',
          '    see you {{ Appointment.start.tim }}.',
          '  Help: Call {{ clinic.nmae }}',
          '  Unexpected: "Sorry, {{ clinic.name"',
        ].join('\n'),
      );
      const problems = await problemsOf(() => loadConfig({ cwd: project.dir, env: {} }));
      const templates = problems.filter((p) => p.includes('templates.'));
      expect(templates.map((p) => p.replace(/; .*$/, ''))).to.deep.equal([
        `${FILE}: templates.Registration: unknown variable Appointment.start.tim (line 5, column 16)`,
        `${FILE}: templates.Help: unknown variable clinic.nmae (line 6, column 17)`,
        `${FILE}: templates.Unexpected: syntax error: output "{{ clinic.name" not closed (line 1, column 8 of the template, which starts on line 7)`,
      ]);
    });

    it('checks reply words against the configured keywords', async function () {
      const template = { ConsiderTeleHealth: 'Reply VIDEO for a video consult or NO to come in.' };
      const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ templates: template }), origin()));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^clinicarrivals\.config\.yaml: templates\.ConsiderTeleHealth: asks patients to reply "VIDEO", which is not a keyword the host understands/,
      );
      const withKeyword = fixtureConfig({ templates: template, workflow: { keywords: { yes: ['video'], no: [], arrived: [], joined: [] } } });
      expect((await loadConfigFromObject(withKeyword, origin())).config.templates).to.deep.equal(template);
    });

    it('lists template problems together with the other problems of the config', async function () {
      const problems = await problemsOf(() =>
        loadConfigFromObject(
          fixtureConfig({
            clinic: { name: 'Test Street Medical', timeZone: 'Mars/Olympus' },
            templates: { Registration: 'Hi {{ Patient.nmae }}' },
          }),
          origin(),
        ),
      );
      expect(problems.map((p) => p.split(': ').slice(0, 2).join(': '))).to.deep.equal([`${FILE}: clinic.timeZone`, `${FILE}: templates.Registration`]);
    });

    it('refuses a configured template that would render past 1,600 characters, saying the length and segments', async function () {
      const problems = await problemsOf(() =>
        loadConfigFromObject(
          fixtureConfig({
            templates: { DoctorReady: 'Please come to {% for i in (1..30) %}{{ room }} {% endfor %}' },
          }),
          origin(),
        ),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(
        /^clinicarrivals\.config\.yaml: templates\.DoctorReady: renders to up to 1,9\d\d characters \(13 GSM-7 SMS segments\) .* at most 1,600 /,
      );
    });

    it('accepts good overrides as they are', async function () {
      const templates = { Registration: 'See {{ Practitioner.name }} at {{ Appointment.start.time }}.' };
      expect((await loadConfigFromObject(fixtureConfig({ templates }), origin())).config.templates).to.deep.equal(templates);
    });
  });

  describe('files named by plugin options', function () {
    const smart = (privateKeyPath: string) => ({
      use: 'pms-fhir-r4',
      options: { baseUrl: 'https://pms.example/fhir/R4', auth: { type: 'smart-backend', clientId: 'clinic-app', privateKeyPath } },
    });
    beforeEach(function () {});

    it('names a SMART private-key file that does not exist, with the full path', async function () {
      const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ pms: smart('keys/missing.pem') }), origin()));
      expect(problems).to.deep.equal([
        `${FILE}: pms.options.auth.privateKeyPath: file ${join(project.dir, 'keys', 'missing.pem')} does not exist (relative paths start from the config folder ${project.dir}); correct the path or put the file there [pms-fhir-r4]`,
      ]);
    });

    it('names a folder given as the key file, and accepts a file that is there', async function () {
      await project.write('keys/clinic.pem', '-----BEGIN PRIVATE KEY-----\n');
      const folder = await problemsOf(() => loadConfigFromObject(fixtureConfig({ pms: smart('keys') }), origin()));
      expect(folder).to.deep.equal([
        `${FILE}: pms.options.auth.privateKeyPath: file ${join(project.dir, 'keys')} is a folder; give the path of the file itself [pms-fhir-r4]`,
      ]);
      const loaded = await loadConfigFromObject(fixtureConfig({ pms: smart('keys/clinic.pem') }), origin());
      expect(loaded.plugins.pms.descriptor.manifest.id).to.equal('pms-fhir-r4');
      const absolute = await loadConfigFromObject(fixtureConfig({ pms: smart(join(project.dir, 'keys', 'clinic.pem')) }), origin());
      expect(absolute.plugins.pms.options).to.have.nested.property('auth.privateKeyPath');
    });

    it('does not print a path that came from the environment', async function () {
      const problems = await problemsOf(() =>
        loadConfigFromObject(fixtureConfig({ pms: smart('${FHIR_KEY_FILE}') }), origin({ FHIR_KEY_FILE: '/run/secrets/hidden-name.pem' })),
      );
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: pms\.options\.auth\.privateKeyPath: the file it names does not exist;/);
      expect(problems[0]).not.to.include('hidden-name');
    });
  });

  describe('the store path', function () {
    it('refuses a folder, or a path under a file, and accepts a file yet to be created', async function () {
      await project.write('data/keep', '');
      await project.write('notes.txt', 'x');
      const folder = await problemsOf(() => loadConfigFromObject(fixtureConfig({ store: { path: './data' } }), origin()));
      expect(folder).to.deep.equal([
        `${FILE}: store.path: ${join(project.dir, 'data')} is a folder; give the path of the store's file, e.g. ./data/clinic-arrivals.sqlite`,
      ]);
      const underFile = await problemsOf(() => loadConfigFromObject(fixtureConfig({ store: { path: './notes.txt/db/store.sqlite' } }), origin()));
      expect(underFile).to.deep.equal([
        `${FILE}: store.path: ${join(project.dir, 'notes.txt')} is a file, so the store's folder cannot be created there; choose another path`,
      ]);
      const fresh = await loadConfigFromObject(fixtureConfig({ store: { path: './new/folder/store.sqlite' } }), origin());
      expect(fresh.config.store.path).to.equal(join(project.dir, 'new', 'folder', 'store.sqlite'));
    });
  });
});
