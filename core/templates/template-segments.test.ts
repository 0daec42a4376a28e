import { expect } from 'chai';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { LanguageTemplates } from './language-templates.js';

const clinic: ClinicInfo = { name: 'Clinic', timeZone: 'Australia/Melbourne', region: 'AU', locale: 'en-AU' };

/** The segments the template view reports for a Help text of `text`, in `language`. */
function segmentsOf(text: string, language = 'en'): { encoding: string; segments: number } {
  const set = new LanguageTemplates({ clinic, language: 'en', languages: ['en', 'vi'], configured: { Help: { [language]: text } } });
  const view = set.get('Help', language)!;
  return { encoding: view.encoding, segments: view.segments };
}

describe('templates: SMS segments per template and language, at the boundaries', () => {
  it('a GSM-7 template: one segment up to 160 characters, then 153 a segment', () => {
    expect(segmentsOf('a'.repeat(160))).to.deep.equal({ encoding: 'GSM-7', segments: 1 });
    expect(segmentsOf('a'.repeat(161))).to.deep.equal({ encoding: 'GSM-7', segments: 2 });
    expect(segmentsOf('a'.repeat(306))).to.deep.equal({ encoding: 'GSM-7', segments: 2 });
    expect(segmentsOf('a'.repeat(307))).to.deep.equal({ encoding: 'GSM-7', segments: 3 });
    expect(segmentsOf('a'.repeat(459))).to.deep.equal({ encoding: 'GSM-7', segments: 3 });
    expect(segmentsOf('a'.repeat(460))).to.deep.equal({ encoding: 'GSM-7', segments: 4 });
  });

  it('a UCS-2 template (Vietnamese): one segment up to 70 characters, then 67 a segment', () => {
    expect(segmentsOf('đ'.repeat(70), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 1 });
    expect(segmentsOf('đ'.repeat(71), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 2 });
    expect(segmentsOf('đ'.repeat(134), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 2 });
    expect(segmentsOf('đ'.repeat(135), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 3 });
    expect(segmentsOf('đ'.repeat(201), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 3 });
    expect(segmentsOf('đ'.repeat(202), 'vi')).to.deep.equal({ encoding: 'UCS-2', segments: 4 });
  });

  it('one character outside GSM-7 makes the whole text UCS-2', () => {
    expect(segmentsOf('a'.repeat(70) + 'đ')).to.deep.equal({ encoding: 'UCS-2', segments: 2 });
  });
});
