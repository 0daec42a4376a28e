import { expect } from 'chai';
import { join } from 'node:path';
import { loadConfigFromObject } from '../../core/config/load.js';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { loggerOptionsFor } from '../../core/runtime/logging-settings.js';
import { CLINIC } from '../e2e/simulator-host.js';

const BASE = { configDir: '/srv/clinic', env: {}, stdoutIsTTY: false };

describe('logging settings: config key, environment and terminal', function () {
  it('takes logging.level from the config, and LOG_LEVEL wins over it', function () {
    expect(loggerOptionsFor({ level: 'warn' }, BASE).level).to.equal('warn');
    expect(loggerOptionsFor({ level: 'warn' }, { ...BASE, env: { LOG_LEVEL: 'debug' } }).level).to.equal('debug');
    expect(loggerOptionsFor({ level: 'warn' }, { ...BASE, env: { LOG_LEVEL: ' INFO ' } }).level).to.equal('info');
    expect(loggerOptionsFor({ level: 'warn' }, { ...BASE, env: { LOG_LEVEL: '' } }).level, 'empty = unset').to.equal('warn');
  });

  it('refuses an unknown LOG_LEVEL or LOG_FORMAT as a config error naming the variable', function () {
    for (const [name, value] of [
      ['LOG_LEVEL', 'verbose'],
      ['LOG_FORMAT', 'xml'],
    ] as const) {
      let thrown: unknown;
      try {
        loggerOptionsFor({ level: 'info' }, { ...BASE, env: { [name]: value } });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).to.be.instanceOf(ConfigError);
      expect((thrown as ConfigError).key).to.equal(name);
      expect((thrown as Error).message)
        .to.contain(`${name} must be one of`)
        .and.contain(`"${value}"`);
    }
  });

  it('is pretty on a terminal and JSON otherwise; json, pretty or LOG_FORMAT force either', function () {
    expect(loggerOptionsFor({ level: 'info' }, { ...BASE, stdoutIsTTY: true }).pretty).to.equal(true);
    expect(loggerOptionsFor({ level: 'info' }, { ...BASE, stdoutIsTTY: false }).pretty).to.equal(false);
    expect(loggerOptionsFor({ level: 'info', format: 'json' }, { ...BASE, stdoutIsTTY: true }).pretty).to.equal(false);
    expect(loggerOptionsFor({ level: 'info', format: 'pretty' }, BASE).pretty).to.equal(true);
    expect(loggerOptionsFor({ level: 'info', format: 'pretty' }, { ...BASE, env: { LOG_FORMAT: 'json' } }).pretty).to.equal(false);
    expect(loggerOptionsFor({ level: 'info' }, { ...BASE, stdoutIsTTY: true, env: { LOG_FORMAT: 'json' } }).pretty).to.equal(false);
  });

  it("takes a relative log file path from the config file's folder", function () {
    expect(loggerOptionsFor({ level: 'info', file: { path: 'logs/host.log', size: '1m', keep: 3 } }, BASE).file).to.deep.equal({
      path: join('/srv/clinic', 'logs/host.log'),
      size: '1m',
      keep: 3,
    });
    expect(loggerOptionsFor({ level: 'info', file: { path: '/var/log/ca/host.log' } }, BASE).file?.path).to.equal('/var/log/ca/host.log');
  });

  describe('in the config file', function () {
    const load = (logging: unknown) =>
      loadConfigFromObject(
        { clinic: CLINIC, pms: { use: 'pms-simulator' }, sms: { use: 'sms-simulator' }, inbox: { use: 'inbox-simulator' }, video: { use: 'none' }, logging },
        { file: '/srv/clinic/clinicarrivals.config.yaml', dir: '/srv/clinic', env: {} },
      );

    it('fills in format auto, and size 10m and keep 10 for a file', async function () {
      const { config } = await load({ file: { path: 'logs/host.log' } });
      expect(config.logging).to.deep.equal({ level: 'info', format: 'auto', file: { path: 'logs/host.log', size: '10m', keep: 10 } });
    });

    it('names a wrong key under logging', async function () {
      const problems = await load({ format: 'yaml', file: { path: 'x.log', size: '10 MB', frequency: 'weekly', rotate: true } }).then(
        () => [] as string[],
        (error: { problems?: string[] }) => error.problems ?? [],
      );
      const text = problems.join('\n');
      expect(problems, text).to.have.length(4);
      for (const key of ['logging.format', 'logging.file.size', 'logging.file.frequency', 'logging.file']) expect(text).to.contain(key);
      expect(text).to.contain('rotate');
    });
  });
});
