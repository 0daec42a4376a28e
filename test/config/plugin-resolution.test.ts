import { expect } from 'chai';
import { join } from 'node:path';
import { packageEntry, resolvePackage, splitPackageSpecifier } from '../../core/plugin-host/resolve-package.js';
import { resolvePluginFile, specifierKind } from '../../core/plugin-host/loader.js';
import { PluginLoadError } from '@clinic-arrivals/plugin-kit';
import { makeTempProject } from './helpers.js';

describe('plugin resolution', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('tells built-in names, paths and package names apart', function () {
    expect(specifierKind('sms-twilio')).to.equal('builtin');
    expect(specifierKind('./plugins/mine')).to.equal('path');
    expect(specifierKind('../mine.js')).to.equal('path');
    expect(specifierKind('/opt/plugins/mine')).to.equal('path');
    expect(specifierKind('@acme/ca-pms')).to.equal('package');
    expect(specifierKind('ca-sms-acme')).to.equal('package');
  });

  it('splits scoped and plain package specifiers', function () {
    expect(splitPackageSpecifier('@acme/ca-pms')).to.deep.equal({ name: '@acme/ca-pms', subpath: '.' });
    expect(splitPackageSpecifier('@acme/ca-pms/sms')).to.deep.equal({ name: '@acme/ca-pms', subpath: './sms' });
    expect(splitPackageSpecifier('ca-sms/lib/x.js')).to.deep.equal({ name: 'ca-sms', subpath: './lib/x.js' });
  });

  it('follows package.json exports (import condition first), then main, then index.js', async function () {
    await project.write(
      'a/package.json',
      JSON.stringify({ exports: { '.': { types: './a.d.ts', require: './a.cjs', import: './a.mjs' }, './sms': './sms.js' } }),
    );
    await project.write('b/package.json', JSON.stringify({ exports: './lib/b.js', main: './ignored.js' }));
    await project.write('c/package.json', JSON.stringify({ main: 'lib/c' }));
    await project.write('c/lib/c.js', '');
    await project.write('d/index.js', '');
    expect(packageEntry(join(project.dir, 'a'))).to.equal(join(project.dir, 'a', 'a.mjs'));
    expect(packageEntry(join(project.dir, 'a'), './sms')).to.equal(join(project.dir, 'a', 'sms.js'));
    expect(packageEntry(join(project.dir, 'a'), './private.js'), 'exports hide everything else').to.equal(undefined);
    expect(packageEntry(join(project.dir, 'b'))).to.equal(join(project.dir, 'b', 'lib', 'b.js'));
    expect(packageEntry(join(project.dir, 'c'))).to.equal(join(project.dir, 'c', 'lib', 'c.js'));
    expect(packageEntry(join(project.dir, 'd'))).to.equal(join(project.dir, 'd', 'index.js'));
  });

  it('finds packages in node_modules of the config folder or a parent', async function () {
    await project.write('node_modules/@acme/ca-pms/package.json', JSON.stringify({ exports: './index.js' }));
    const found = resolvePackage('@acme/ca-pms', join(project.dir, 'site', 'config'));
    expect(found.file).to.equal(join(project.dir, 'node_modules', '@acme', 'ca-pms', 'index.js'));
    expect(resolvePackage('not-installed', project.dir)).to.deep.equal({});
  });

  it('says where it looked for a missing path, and when a package has no entry', async function () {
    expect(() => resolvePluginFile('./nope', 'pms', project.dir)).to.throw(PluginLoadError, `nothing at ${join(project.dir, 'nope')}`);
    await project.write('node_modules/ca-broken/package.json', JSON.stringify({ exports: { './other': './other.js' } }));
    expect(() => resolvePluginFile('ca-broken', 'sms', project.dir)).to.throw(
      PluginLoadError,
      `plugin package "ca-broken" found at ${join(project.dir, 'node_modules', 'ca-broken')} (resolved from ${project.dir}) has no importable entry`,
    );
  });
});
