import { expect } from 'chai';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { createSilentLogger, createTestContext, OptionsSchemaError, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin from '../index.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const KEY = 'client-key-for-tests-0123456789abcdef';

describe('proxy-default options', function () {
  const valid = (extra: Record<string, unknown> = {}) => ({ url: 'https://replies.example.org', accountSid: ACCOUNT, clientKey: KEY, ...extra });

  it('fills the defaults', function () {
    const options = resolvePluginOptions(plugin, valid());
    expect(options).to.deep.include({ protocol: 'v1', transport: 'stream', pollWaitSeconds: 25, legacyPollSeconds: 10 });
    expect(options.timeouts).to.deep.equal({ connectSeconds: 10, requestSeconds: 15, streamIdleSeconds: 45 });
    expect(options.reconnect).to.deep.equal({ minDelayMs: 1000, maxDelayMs: 60_000 });
  });

  it('requires https, except for a proxy on this machine', function () {
    for (const url of [
      'https://replies.example.org',
      'https://replies.example.org:8443/base',
      'http://127.0.0.1:8080',
      'http://localhost:9',
      'http://[::1]:80',
    ]) {
      expect(() => resolvePluginOptions(plugin, valid({ url })), url).to.not.throw();
    }
    for (const url of [
      'http://replies.example.org',
      'ftp://replies.example.org',
      'https://replies.example.org?x=1',
      'replies.example.org',
      'http://127.0.0.1.example.org',
    ]) {
      expect(() => resolvePluginOptions(plugin, valid({ url })), url).to.throw(OptionsSchemaError);
    }
  });

  it('needs the client key for the client API but not for the legacy endpoint', function () {
    expect(() => resolvePluginOptions(plugin, { url: 'https://replies.example.org', accountSid: ACCOUNT })).to.throw(OptionsSchemaError, /clientKey/);
    expect(() => resolvePluginOptions(plugin, { url: 'https://replies.example.org', accountSid: ACCOUNT, protocol: 'legacy' })).to.not.throw();
  });

  it('marks the client key secret and refuses unknown keys', function () {
    const properties = plugin.optionsSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.clientKey!['x-secret']).to.equal(true);
    expect(() => resolvePluginOptions(plugin, valid({ pollSeconds: 5 }))).to.throw(OptionsSchemaError);
    expect(() => resolvePluginOptions(plugin, valid({ transport: 'websocket' }))).to.throw(OptionsSchemaError);
  });

  it('create() checks the URL again (options built in code skip the schema) and does no I/O', async function () {
    const context = createTestContext({ logger: createSilentLogger() });
    try {
      const resolved = resolvePluginOptions(plugin, valid({ url: 'https://replies.example.org/' }));
      expect(() => plugin.create({ ...resolved, url: 'http://replies.example.org' }, context)).to.throw(ConfigError, /https/);
      const instance = plugin.create(resolved, context);
      expect(plugin.manifest).to.deep.include({ id: 'proxy-default', role: 'inbox', hostApi: '^2' });
      expect((await instance.checkHealth!()).data).to.include({ state: 'idle', transport: 'stream', protocol: 'v1' });
      await instance.stop!();
    } finally {
      await context.close();
    }
  });
});
