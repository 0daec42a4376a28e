import { expect } from 'chai';
import { smsLength } from './sms-length.js';

describe('templates/sms-length', () => {
  it('counts plain text as GSM-7, one segment up to 160', () => {
    expect(smsLength('a'.repeat(160))).to.deep.include({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).to.deep.include({ encoding: 'GSM-7', segments: 2 });
  });

  it('counts extension characters twice', () => {
    expect(smsLength('€[]').units).to.equal(6);
  });

  it('switches to UCS-2 for characters outside the GSM alphabet and names them', () => {
    const result = smsLength('It\u2019s ready \u2014 come in');
    expect(result.encoding).to.equal('UCS-2');
    expect(result.nonGsmCharacters).to.have.members(['\u2019', '\u2014']);
    expect(smsLength('x'.repeat(71) + '\u2019').segments).to.equal(2);
  });

  it('splits at 153 GSM-7 and 67 UCS-2 characters per segment once a text needs more than one', () => {
    expect(smsLength('a'.repeat(306)).segments).to.equal(2);
    expect(smsLength('a'.repeat(307)).segments).to.equal(3);
    expect(smsLength('a'.repeat(1600))).to.deep.include({ units: 1600, segments: 11 });
    expect(smsLength('\u00e7'.repeat(70))).to.deep.include({ encoding: 'UCS-2', segments: 1 });
    expect(smsLength('\u00e7'.repeat(134)).segments).to.equal(2);
    expect(smsLength('\u00e7'.repeat(135)).segments).to.equal(3);
    expect(smsLength('\u00e7'.repeat(1600)).segments).to.equal(24);
  });

  it('counts an escaped character as two septets at the segment boundary', () => {
    expect(smsLength('a'.repeat(159) + '\u20ac').segments).to.equal(2);
    expect(smsLength('a'.repeat(158) + '\u20ac').segments).to.equal(1);
  });
});
