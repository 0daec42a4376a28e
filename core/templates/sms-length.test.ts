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
});
