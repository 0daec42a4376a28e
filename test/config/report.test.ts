import { expect } from 'chai';
import { Writable } from 'node:stream';
import { EXIT } from '../../core/cli/exit-codes.js';
import { reportFailure } from '../../core/cli/report.js';
import { ConfigValidationError } from '../../core/config/errors.js';
import { ClinicArrivalsError, ConfigError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import { TemplateError } from '../../core/templates/template-error.js';

function report(error: unknown): { code: number; text: string } {
  let text = '';
  const stderr = new Writable({
    write: (chunk, _encoding, done) => {
      text += String(chunk);
      done();
    },
  });
  return { code: reportFailure(error, stderr), text };
}

describe('CLI: exit codes of failures', function () {
  it("exits 2 for every config problem: the loader's, a plugin's ConfigError, and a template", function () {
    expect(report(new ConfigValidationError(['a.yaml: x: wrong'])).code).to.equal(EXIT.config);
    expect(report(new ConfigError('cannot read the private key file', 'pms.options.auth.privateKeyPath')).code).to.equal(EXIT.config);
    const template = report(TemplateError.about('Registration', 'syntax error: tag {% if %} not closed'));
    expect(template.code).to.equal(EXIT.config);
    expect(template.text).to.equal('clinic-arrivals: CA_ERR_TEMPLATE: Template Registration: syntax error: tag {% if %} not closed\n');
    // A copy of the error classes bundled by a plugin is recognised by its code.
    expect(report(new ClinicArrivalsError('CA_ERR_CONFIG', 'bundled')).code).to.equal(EXIT.config);
  });

  it('exits 1 for anything else', function () {
    expect(report(new UnreachableError('pms down')).code).to.equal(EXIT.failure);
    expect(report(new Error('boom')).code).to.equal(EXIT.failure);
  });
});
