import { expect } from 'chai';
import { cp, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../core/config/load.js';
import type { LoadedConfig } from '../core/config/types.js';
import type { MessageSender } from '@clinic-arrivals/plugin-kit';
import { createTestContext, describeMessageSenderContract, type RecordedMessage } from '@clinic-arrivals/plugin-kit/testing';
import { fixturePlugin, makeTempProject } from './config/helpers.js';

/*
 * A third-party SMS plugin that lives outside plugins/ (its own package.json, plain ESM
 * JavaScript, no imports from the host) is installed next to a clinic's config the two ways
 * an integrator would: as a folder referenced by relative path, and as an npm package.
 */

type EchoSender = MessageSender & { sent(): Promise<RecordedMessage[]> };

const configText = (smsUse: string, options = '{ from: "+61400000001" }') =>
  [
    'clinic:',
    '  name: Test Street Medical',
    '  timeZone: Australia/Melbourne',
    `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
    `sms: { use: "${smsUse}", options: ${options} }`,
    `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
    'video: { use: none }',
    '',
  ].join('\n');

describe('external plugin: sms-echo, installed outside plugins/', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;

  before(async function () {
    project = await makeTempProject();
    // Copied next to the config, as a clinic would vendor a plugin.
    await cp(fixturePlugin('sms-echo'), join(project.dir, 'vendor', 'sms-echo'), { recursive: true });
    // Installed as npm packages: one copied, one linked (npm link / workspaces), scoped.
    await cp(fixturePlugin('sms-echo'), join(project.dir, 'node_modules', 'clinic-arrivals-sms-echo'), { recursive: true });
    await mkdir(join(project.dir, 'node_modules', '@acme'), { recursive: true });
    await symlink(fixturePlugin('sms-echo'), join(project.dir, 'node_modules', '@acme', 'ca-sms-echo'), 'dir');
  });
  after(async function () {
    await project.cleanup();
  });

  async function loadWith(smsUse: string, options?: string): Promise<LoadedConfig> {
    await project.write('clinicarrivals.config.yaml', configText(smsUse, options));
    return loadConfig({ cwd: project.dir, env: {} });
  }

  it('loads by a path relative to the config folder', async function () {
    const loaded = await loadWith('./vendor/sms-echo');
    expect(loaded.plugins.sms.descriptor.manifest.id).to.equal('sms-echo');
    expect(loaded.plugins.sms.resolvedPath).to.equal(join(project.dir, 'vendor', 'sms-echo', 'index.js'));
    expect(loaded.plugins.sms.options).to.deep.equal({ from: '+61400000001', maxLength: 1600 });
  });

  it('loads by npm package name, resolved from the config folder', async function () {
    const loaded = await loadWith('clinic-arrivals-sms-echo');
    expect(loaded.plugins.sms.specifier).to.equal('clinic-arrivals-sms-echo');
    expect(loaded.plugins.sms.resolvedPath).to.equal(join(project.dir, 'node_modules', 'clinic-arrivals-sms-echo', 'index.js'));
  });

  it('loads a scoped, linked npm package', async function () {
    const loaded = await loadWith('@acme/ca-sms-echo');
    expect(loaded.plugins.sms.descriptor.manifest.id).to.equal('sms-echo');
  });

  it('has its options checked against its own schema, with its id in the problem', async function () {
    let problems: string[] = [];
    try {
      await loadWith('clinic-arrivals-sms-echo', '{ from: "0400 000 001", maxLenght: 10 }');
    } catch (error) {
      problems = (error as { problems: string[] }).problems;
    }
    expect(problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.options.maxLenght: unknown key "maxLenght"; did you mean "maxLength"? (allowed keys: from, apiKey, maxLength) [sms-echo]',
      'clinicarrivals.config.yaml: sms.options.from: must be an E.164 number like +61412345678 (got "0400 000 001") [sms-echo]',
    ]);
  });

  for (const smsUse of ['./vendor/sms-echo', 'clinic-arrivals-sms-echo']) {
    describe(`loaded as ${smsUse}`, function () {
      describeMessageSenderContract({
        name: `sms-echo via ${smsUse}`,
        setup: async () => {
          const loaded = await loadWith(smsUse);
          const context = createTestContext({ configDir: project.dir });
          const instance = loaded.plugins.sms.descriptor.create(loaded.plugins.sms.options, context);
          await instance.start?.();
          const sender = instance.service as EchoSender;
          return {
            sender,
            sent: () => sender.sent(),
            teardown: async () => {
              await instance.stop?.();
              await context.close();
            },
          };
        },
      });
    });
  }
});
