import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { coreImports, cyclesIn, type CoreImport } from './core-imports.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/*
 * The one allowed direction between core's top-level folders, lowest first: a folder imports
 * only folders of earlier layers. The engine is pure decisions and imports no other folder
 * but phone; the runtime (composition root) and the CLI sit on top.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['phone', 'spelling', 'i18n', 'fleet'],
  ['engine'],
  ['store', 'templates'],
  ['auth', 'executor', 'plugin-host', 'testing'],
  ['api', 'config'],
  ['runtime'],
  ['cli'],
];

const layerOf = new Map(LAYERS.flatMap((folders, layer) => folders.map((folder) => [folder, layer] as const)));

const between = (imports: CoreImport[]) => imports.filter((i) => i.fromFolder && i.toFolder && i.fromFolder !== i.toFolder);
const show = (i: CoreImport) => `${i.file} imports ${i.specifier}`;

describe('core imports', () => {
  const imports = coreImports(ROOT);

  it('finds the core sources and their imports', () => {
    expect(imports.filter((i) => i.file === 'core/runtime/host.ts').length).to.be.greaterThan(5);
  });

  it('has no import cycle between top-level core folders', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of between(imports)) {
      if (!edges.has(i.fromFolder!)) edges.set(i.fromFolder!, new Set());
      edges.get(i.fromFolder!)!.add(i.toFolder!);
    }
    expect(cyclesIn(edges)).to.deep.equal([]);
  });

  it('imports only downwards, in the order of LAYERS', () => {
    const unplaced = [...new Set(between(imports).flatMap((i) => [i.fromFolder!, i.toFolder!]))].filter((f) => !layerOf.has(f));
    expect(unplaced, 'core folders missing from LAYERS').to.deep.equal([]);
    const upwards = between(imports).filter((i) => layerOf.get(i.fromFolder!)! <= layerOf.get(i.toFolder!)!);
    expect(upwards.map(show)).to.deep.equal([]);
  });

  it('reaches the plugin kit by its package name, never by a relative path', () => {
    const intoKit = imports.filter((i) => i.outside?.startsWith('packages/plugin-kit'));
    expect(intoKit.map(show)).to.deep.equal([]);
  });

  it('tells a cycle from a one-way graph', () => {
    expect(
      cyclesIn(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set(['c'])],
        ]),
      ),
    ).to.deep.equal([]);
    expect(
      cyclesIn(
        new Map([
          ['b', new Set(['a'])],
          ['a', new Set(['c'])],
          ['c', new Set(['b'])],
        ]),
      ),
    ).to.deep.equal(['a -> c -> b -> a']);
  });
});
