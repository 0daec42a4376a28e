import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { importPlugin } from '../../core/plugin-host/loader.js';
import { isTypeScriptFile, refusedAsTypeScript, typeScriptPluginMessage } from '../../core/plugin-host/typescript-plugin.js';
import { makeTempProject } from './helpers.js';

const run = promisify(execFile);

/** A third-party plugin in TypeScript, with syntax plain Node cannot run (type annotations). */
const TYPESCRIPT_PLUGIN = `
interface EchoOptions { from?: string }
const sent: string[] = [];
export default {
  manifest: { id: 'sms-echo-ts', role: 'sms' as const, hostApi: '^2' },
  optionsSchema: { type: 'object', additionalProperties: false, properties: { from: { type: 'string' } } },
  create(options: EchoOptions) {
    return { service: { send: async (message: { to: string }) => { sent.push(message.to); return { providerId: String(sent.length) }; } } };
  },
};
`;

describe('plugins written in TypeScript', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
    await project.write('src/index.ts', TYPESCRIPT_PLUGIN);
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('load as they are when the host runs under a TypeScript loader (these tests run under tsx)', async function () {
    const imported = await importPlugin('./src/index.ts', 'sms', project.dir);
    expect(imported.descriptor.manifest.id).to.equal('sms-echo-ts');
    expect(imported.resolvedPath).to.equal(join(project.dir, 'src', 'index.ts'));
  });

  it('are recognised from the error plain Node gives without a loader', async function () {
    const file = join(project.dir, 'src', 'index.ts');
    // A child Node without tsx: what an installed host meets. Node 22.18+ and 24 strip types
    // themselves (process.features.typescript), so there the refusal needs them turned off.
    const strips = (process.features as { typescript?: unknown }).typescript !== undefined;
    const script = `import(${JSON.stringify(pathToFileURL(file).href)}).then(() => console.log('loaded'), (e) => console.log(e.code))`;
    const flags = strips ? ['--no-experimental-strip-types'] : [];
    const { stdout } = await run(process.execPath, [...flags, '--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } });
    const code = stdout.trim();
    expect(code, 'this Node ran TypeScript without a loader: the refusal path is not reachable here').to.not.equal('loaded');
    expect(refusedAsTypeScript(file, Object.assign(new Error('refused'), { code }))).to.equal(true);
  });

  it('tell the integrator what to do when refused: the file, build with tsc and use the .js, or run under tsx', function () {
    const file = join(project.dir, 'src', 'index.ts');
    const message = typeScriptPluginMessage('./src/index.ts', file);
    expect(message).to.equal(
      `plugin "./src/index.ts" is TypeScript (${file}) and this host runs plain Node, which cannot load .ts files: ` +
        'build the plugin first (tsc) and point `use` at the .js it emits; ' +
        'during development, run the host with `node --import tsx` to load .ts plugins directly',
    );
  });

  it('keep other import failures as they were (a .js file, or a .ts file with another error)', function () {
    const unknownExtension = Object.assign(new Error('Unknown file extension'), { code: 'ERR_UNKNOWN_FILE_EXTENSION' });
    expect(refusedAsTypeScript('/opt/plugin/index.js', unknownExtension)).to.equal(false);
    expect(refusedAsTypeScript('/opt/plugin/index.ts', new SyntaxError('Unexpected token'))).to.equal(false);
    expect(refusedAsTypeScript('/opt/plugin/index.mts', unknownExtension)).to.equal(true);
    expect(isTypeScriptFile('/opt/plugin/index.d.ts')).to.equal(true);
    expect(isTypeScriptFile('/opt/plugin/index.cjs')).to.equal(false);
  });
});
