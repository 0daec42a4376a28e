import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { definePlugin, HOST_API_VERSION, type OptionsFromSchema, type JsonSchema } from './define-plugin.js';
import { resolvePluginOptions } from '../testing/plugin-options.js';

/*
 * Mostly a type-level test: `npm run typecheck` compiles it, and each `@ts-expect-error` fails
 * the build if the line below it ever compiles. The runtime checks keep mocha honest.
 */

const schema = {
  type: 'object',
  properties: {
    greeting: { type: 'string', default: 'hello', 'x-message': 'must be a greeting' },
    token: { type: 'string', minLength: 1, 'x-secret': true },
    keyFile: { type: 'string', 'x-file': true },
    nested: {
      type: 'object',
      default: {},
      properties: { depth: { type: 'integer', default: 2 } },
      additionalProperties: false,
    },
  },
  required: ['token'],
  additionalProperties: false,
} as const satisfies JsonSchema;

type Options = OptionsFromSchema<typeof schema>;

const seen: Array<Readonly<Options>> = [];
const plugin = definePlugin({
  manifest: { id: 'typed', role: 'sms', hostApi: '^2' },
  optionsSchema: schema,
  create(options) {
    seen.push(options);
    return { service: { send: async () => ({ providerId: 'x' }) } };
  },
});

/** Never called: only compiled. `options` is typed exactly as create() receives it. */
export function compileOnly(options: Parameters<typeof plugin.create>[0]): void {
  // @ts-expect-error an option the schema does not have does not compile
  void options.nonsense.deeper;
  // A defaulted option is not optional: strict mode would refuse `.length` on `string | undefined`.
  const length: number = options.greeting.length + options.nested.depth;
  // @ts-expect-error an option without a default stays optional
  const file: string = options.keyFile;
  // @ts-expect-error options are read-only
  options.greeting = 'changed';
  const same: Readonly<Options> = options;
  void [length, file, same];
}

describe('definePlugin options typed from their schema', function () {
  it('types the options create() receives, and resolvePluginOptions returns the same type', function () {
    const options = resolvePluginOptions(plugin, { token: 't' });
    const greeting: string = options.greeting;
    expect(greeting).to.equal('hello');
    expect(options.nested.depth).to.equal(2);
    plugin.create(options, {} as never);
    expect(seen).to.deep.equal([{ greeting: 'hello', token: 't', nested: { depth: 2 } }]);
  });

  it('accepts the host keywords x-secret, x-message and x-file, in a schema', function () {
    // @ts-expect-error x-secret is a boolean
    const wrong = { type: 'string', 'x-secret': 'yes' } as const satisfies JsonSchema;
    expect(schema.properties.token['x-secret']).to.equal(true);
    expect(wrong['x-secret']).to.equal('yes');
  });
});

describe('HOST_API_VERSION', function () {
  it("is the kit's own version, so a plugin's hostApi range names the kit it was built with", function () {
    const kit = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(HOST_API_VERSION).to.equal(kit.version);
  });
});
