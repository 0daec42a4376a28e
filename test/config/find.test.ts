import { expect } from 'chai';
import { join } from 'node:path';
import { findConfig, CONFIG_SEARCH_PLACES } from '../../core/config/find.js';
import { DEFAULT_CONFIG_LABEL } from '../../core/config/default-config.js';
import { makeTempProject, problemsOf } from './helpers.js';

const yaml = (name: string) => `clinic:\n  name: ${name}\n  timeZone: Australia/Melbourne\n`;
const json = (name: string) => JSON.stringify({ clinic: { name, timeZone: 'Australia/Melbourne' } });

/** File contents per search place (package.json handled separately). */
const CONTENTS: Record<string, (name: string) => string> = {
  '.clinicarrivalsrc': yaml,
  '.clinicarrivalsrc.json': json,
  '.clinicarrivalsrc.yaml': yaml,
  '.clinicarrivalsrc.yml': yaml,
  '.clinicarrivalsrc.js': (name) => `module.exports = ${json(name)};\n`,
  '.clinicarrivalsrc.cjs': (name) => `module.exports = ${json(name)};\n`,
  '.clinicarrivalsrc.mjs': (name) => `export default ${json(name)};\n`,
  'clinicarrivals.config.yaml': yaml,
  'clinicarrivals.config.yml': yaml,
  'clinicarrivals.config.json': json,
  'clinicarrivals.config.js': (name) => `module.exports = ${json(name)};\n`,
  'clinicarrivals.config.cjs': (name) => `module.exports = ${json(name)};\n`,
  'clinicarrivals.config.mjs': (name) => `export default ${json(name)};\n`,
};

describe('config: finding the file', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('covers every documented search place', function () {
    expect([...CONFIG_SEARCH_PLACES].sort()).to.deep.equal(['package.json', ...Object.keys(CONTENTS)].sort());
  });

  for (const place of Object.keys(CONTENTS)) {
    it(`finds ${place}`, async function () {
      const file = await project.write(place, CONTENTS[place]!(`from ${place}`));
      const found = await findConfig({ cwd: project.dir });
      expect(found.file).to.equal(file);
      expect(found.dir).to.equal(project.dir);
      expect(found.isDefault).to.equal(false);
      expect((found.raw as any).clinic.name).to.equal(`from ${place}`);
    });
  }

  it('finds the "clinicarrivals" key in package.json', async function () {
    await project.write('package.json', JSON.stringify({ name: 'clinic', clinicarrivals: { clinic: { name: 'from package.json' } } }));
    const found = await findConfig({ cwd: project.dir });
    expect(found.file).to.equal(join(project.dir, 'package.json'));
    expect(found.label).to.equal('package.json#clinicarrivals');
    expect((found.raw as any).clinic.name).to.equal('from package.json');
  });

  it('searches parent folders up to the package.json', async function () {
    const file = await project.write('clinicarrivals.config.yaml', yaml('parent'));
    const found = await findConfig({ cwd: join(project.dir, 'deploy', 'nested') });
    expect(found.file).to.equal(file);
  });

  it('loads --config even when another config would be found', async function () {
    await project.write('clinicarrivals.config.yaml', yaml('searched'));
    const other = await project.write('elsewhere/site.yaml', yaml('explicit'));
    const found = await findConfig({ cwd: project.dir, configPath: 'elsewhere/site.yaml' });
    expect(found.file).to.equal(other);
    expect(found.dir).to.equal(join(project.dir, 'elsewhere'));
    expect((found.raw as any).clinic.name).to.equal('explicit');
  });

  it('names the path when the --config file does not exist', async function () {
    const problems = await problemsOf(() => findConfig({ cwd: project.dir, configPath: 'nope/missing.yaml' }));
    expect(problems).to.deep.equal([`${join(project.dir, 'nope', 'missing.yaml')}: config file not found (given with --config)`]);
  });

  it('falls back to the built-in default with a notice when nothing is found', async function () {
    const found = await findConfig({ cwd: project.dir });
    expect(found.isDefault).to.equal(true);
    expect(found.file).to.equal(DEFAULT_CONFIG_LABEL);
    expect(found.dir).to.equal(project.dir);
    expect(found.notice).to.include('clinic-arrivals init');
    const raw = found.raw as any;
    expect(raw.pms.use).to.equal('pms-simulator');
    expect(raw.sms.use).to.equal('sms-simulator');
    expect(raw.inbox.use).to.equal('inbox-simulator');
    expect(raw.video.use).to.equal('video-simulator');
    expect(raw.demo).to.equal(true);
    expect(raw.clinic.region).to.equal('AU');
    expect(raw.clinic.timeZone).to.equal(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(raw.store.path).to.equal('./data/clinic-arrivals.sqlite');
  });

  it('reports bad YAML with line and column, without echoing the text', async function () {
    await project.write('clinicarrivals.config.yaml', 'clinic:\n  name: Test\n  timeZone: [unclosed\nsms:\n  use: x\n  authToken: hunter2hunter2\n');
    const problems = await problemsOf(() => findConfig({ cwd: project.dir }));
    expect(problems).to.have.length.greaterThan(0);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: line \d+, column \d+: /);
    expect(problems.join('\n')).to.not.include('hunter2');
  });

  it('reports duplicate YAML keys', async function () {
    await project.write('clinicarrivals.config.yaml', 'clinic:\n  name: A\n  name: B\n');
    const problems = await problemsOf(() => findConfig({ cwd: project.dir }));
    expect(problems).to.deep.equal([
      'clinicarrivals.config.yaml: line 3, column 3: the key "name" appears twice in clinic (first on line 2); keep only one of them',
    ]);
  });

  it('names a duplicate key at the top level', async function () {
    await project.write('clinicarrivals.config.yaml', 'demo: true\nclinic: { name: A }\ndemo: false\n');
    expect(await problemsOf(() => findConfig({ cwd: project.dir }))).to.deep.equal([
      'clinicarrivals.config.yaml: line 3, column 1: the key "demo" appears twice at the top level (first on line 1); keep only one of them',
    ]);
  });

  it('says what to do about YAML aliases that expand too far (billion laughs)', async function () {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
    ])
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(', ')}]`);
    lines.push(`clinic: [${Array(10).fill('*d').join(', ')}]`);
    await project.write('clinicarrivals.config.yaml', `${lines.join('\n')}\n`);
    const problems = await problemsOf(() => findConfig({ cwd: project.dir }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: its YAML aliases \(\*name\) expand to too many copies/);
    expect(problems[0]).to.include('remove the anchors and aliases and write the values out in full');
    expect(problems[0]).not.to.include('Excessive alias count');
  });

  it('reports bad JSON with line and column', async function () {
    await project.write('clinicarrivals.config.json', '{\n  "clinic": {\n    "name": "x",\n  }\n}\n');
    const problems = await problemsOf(() => findConfig({ cwd: project.dir }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.json: line 4, column \d+: invalid JSON/);
  });

  it('reports an empty config file instead of silently using the default', async function () {
    await project.write('clinicarrivals.config.yaml', '# nothing yet\n');
    const problems = await problemsOf(() => findConfig({ cwd: project.dir }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: the file is empty/);
  });
});
