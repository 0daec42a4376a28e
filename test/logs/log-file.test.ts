import { expect } from 'chai';
import { once } from 'node:events';
import { readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@clinic-arrivals/plugin-kit';
import { createLogger } from '../../core/runtime/logger.js';
import { tmpFolder } from '../e2e/simulator-host.js';
import { parseLogLines } from './strict-json.js';

describe('log file (pino-roll)', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  beforeEach(() => {
    folder = tmpFolder();
  });
  afterEach(() => folder.remove());

  it('writes the same JSON lines as standard output into the file, making its folder', async function () {
    let screen = '';
    const path = join(folder.dir, 'logs', 'host.log');
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void (screen += line) }, file: { path } });
    logger.child({ plugin: 'sms-simulator' }).info({ count: 1 }, 'first');
    logger.debug('below the level');
    logger.warn('second');
    await logger.close();
    const files = readdirSync(join(folder.dir, 'logs'));
    expect(files).to.deep.equal(['host.1.log']);
    const written = readFileSync(join(folder.dir, 'logs', 'host.1.log'), 'utf8');
    expect(written).to.equal(screen);
    expect(parseLogLines(written).map((entry) => entry.msg)).to.deep.equal(['first', 'second']);
  });

  it('refuses a folder it cannot write in, naming logging.file.path, before writing anything', async function () {
    const blocker = join(folder.dir, 'not-a-folder');
    writeFileSync(blocker, '');
    let thrown: unknown;
    try {
      createLogger({ level: 'info', destination: { write: () => undefined }, file: { path: join(blocker, 'host.log') } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).to.be.instanceOf(ConfigError);
    expect(thrown).to.include({ key: 'logging.file.path' });
    expect((thrown as Error).message).to.contain(`cannot write log files in ${blocker}`);
  });

  it('drops lines logged after close instead of failing', async function () {
    let screen = '';
    const logger = createLogger({
      level: 'info',
      destination: { write: (line: string) => void (screen += line) },
      file: { path: join(folder.dir, 'host.log') },
    });
    logger.info('before');
    await logger.close();
    await logger.close();
    logger.info('after');
    expect(
      parseLogLines(screen).map((entry) => entry.msg),
      'standard output goes on',
    ).to.deep.equal(['before', 'after']);
    expect(parseLogLines(readFileSync(join(folder.dir, 'host.1.log'), 'utf8')).map((entry) => entry.msg)).to.deep.equal(['before']);
  });

  it('rotates at the size limit and keeps only `keep` old files', async function () {
    const path = join(folder.dir, 'host.log');
    const logger = createLogger({ level: 'info', destination: { write: () => undefined }, file: { path, size: '1k', keep: 2 } });
    const padding = 'x'.repeat(250);
    let n = 0;
    // pino-roll checks the size after each write the worker makes: burst past the limit, see it roll.
    for (let burst = 1; burst <= 5; burst++) {
      for (let i = 0; i < 5; i++) logger.info({ n: ++n, padding }, 'line');
      await waitForFiles(folder.dir, (names) => names.includes(`host.${burst + 1}.log`));
    }
    await logger.close();
    const kept = await waitForFiles(folder.dir, (names) => names.length === 3);
    expect(kept).to.deep.equal(['host.4.log', 'host.5.log', 'host.6.log']);
    const entries = kept.flatMap((name) => parseLogLines(readFileSync(join(folder.dir, name), 'utf8')));
    expect(
      entries.map((entry) => entry.n),
      'the newest lines, in order',
    ).to.deep.equal([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    for (const name of kept.slice(0, 2)) expect(statSync(join(folder.dir, name)).size, `${name} reached the limit`).to.be.at.least(1024);
  });
});

/** Resolves with the folder's log files once `done(names)` holds, re-checking on each change in the folder. */
async function waitForFiles(dir: string, done: (names: string[]) => boolean): Promise<string[]> {
  const list = () =>
    readdirSync(dir)
      .filter((name) => /^host\.\d+\.log$/.test(name))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  const watcher = watch(dir);
  try {
    for (;;) {
      const names = list();
      if (done(names)) return names;
      await once(watcher, 'change');
    }
  } finally {
    watcher.close();
  }
}
