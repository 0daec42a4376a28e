import { expect } from 'chai';
import { problemFromLine, templateProblems } from '../../web/src/api/template-problems.js';
import { smsLength } from '../../web/src/sms-length.js';

describe('admin screens: browser-side helpers', () => {
  describe("smsLength as the pages import it (the host's own rules, bundled)", () => {
    it('counts GSM-7 septets, extension characters twice, and splits at 153', () => {
      expect(smsLength('a'.repeat(160))).to.include({ encoding: 'GSM-7', units: 160, segments: 1 });
      expect(smsLength('a'.repeat(161))).to.include({ encoding: 'GSM-7', segments: 2 });
      expect(smsLength('a'.repeat(306))).to.include({ encoding: 'GSM-7', segments: 2 });
      expect(smsLength('a'.repeat(307))).to.include({ encoding: 'GSM-7', segments: 3 });
      expect(smsLength(`${'a'.repeat(159)}€`)).to.include({ encoding: 'GSM-7', units: 161, segments: 2 });
    });

    it('falls back to UCS-2 for a character outside the GSM alphabet, naming it, and splits at 67', () => {
      expect(smsLength('Kia ora — room 7')).to.deep.equal({ encoding: 'UCS-2', units: 16, segments: 1, nonGsmCharacters: ['—'] });
      expect(smsLength('ē'.repeat(70)).segments).to.equal(1);
      expect(smsLength('ē'.repeat(71)).segments).to.equal(2);
      expect(smsLength('🙂').units, 'UTF-16 code units').to.equal(2);
    });
  });

  describe('template problems from a 422 answer', () => {
    it("reads the line, column and fix from the host's sentence", () => {
      expect(problemFromLine('Template DoctorReady: unknown variable patient.nmae (line 2, column 15); did you mean Patient.name?')).to.deep.equal({
        problem: 'unknown variable patient.nmae',
        fix: 'did you mean Patient.name?',
        line: 2,
        column: 15,
      });
      expect(problemFromLine('Template DoctorReady: needs {{ room }}')).to.deep.equal({ problem: 'needs {{ room }}' });
    });

    it('prefers the structured list when the host sends one, and splits a several-problem sentence', () => {
      const problems = [{ problem: 'unknown variable x', line: 3 }];
      expect(templateProblems({ error: 'Template X: whatever', problems })).to.deep.equal(problems);
      expect(templateProblems({ error: '2 template problems:\n  - DoctorReady: a (line 1)\n  - DoctorReady: b' })).to.deep.equal([
        { problem: 'a', line: 1 },
        { problem: 'b' },
      ]);
      expect(templateProblems({ nothing: true })).to.deep.equal([]);
    });
  });
});
