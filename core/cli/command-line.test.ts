import { expect } from 'chai';
import { commandLineIntent } from './command-line.js';

const CORE = new Set(['start', 'demo', 'check-config', 'help']);

describe('CLI: what the command line asks for', () => {
  it('leaves core commands and --version to commander (no plugin is looked up)', () => {
    for (const args of [['start', '-c', 'x.yaml'], ['--version'], ['-v'], ['check-config'], ['help', 'start'], ['--unknown']]) {
      expect(commandLineIntent(args, CORE), args.join(' ')).to.deep.equal({ kind: 'core' });
    }
  });

  it('reads help (with the config whose plugins add commands)', () => {
    expect(commandLineIntent([], CORE)).to.deep.equal({ kind: 'help', argv: [] });
    expect(commandLineIntent(['--help'], CORE)).to.deep.equal({ kind: 'help', argv: ['--help'] });
    expect(commandLineIntent(['-h', '-c', 'clinic.yaml'], CORE)).to.deep.equal({ kind: 'help', argv: ['-h'], configPath: 'clinic.yaml' });
    expect(commandLineIntent(['--config=clinic.yaml', 'help'], CORE)).to.deep.equal({ kind: 'help', argv: ['help'], configPath: 'clinic.yaml' });
  });

  it('reads any other first word as a possible plugin command, passing on every word after it', () => {
    expect(commandLineIntent(['proxy', '--config', 'proxy.yaml'], CORE)).to.deep.equal({
      kind: 'plugin',
      name: 'proxy',
      args: ['--config', 'proxy.yaml'],
      configPath: 'proxy.yaml',
    });
    expect(commandLineIntent(['help', 'proxy'], CORE)).to.deep.equal({ kind: 'plugin', name: 'proxy', args: ['--help'] });
  });
});
