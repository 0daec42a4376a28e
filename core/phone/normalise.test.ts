import { expect } from 'chai';
import { isLikelyMobile, maskPhone, toE164 } from './normalise.js';

describe('phone/normalise', () => {
  describe('toE164', () => {
    it('reads an Australian mobile in national format', () => {
      expect(toE164('0411 012 345', 'AU')).to.equal('+61411012345');
    });

    it('reads international format regardless of spacing', () => {
      expect(toE164('+61 411 012 345', 'AU')).to.equal('+61411012345');
      expect(toE164('+61411012345', 'AU')).to.equal('+61411012345');
    });

    it('uses the country code in the number over the region', () => {
      expect(toE164('+44 7911 123456', 'AU')).to.equal('+447911123456');
    });

    it('accepts a lower-case region', () => {
      expect(toE164('0411 012 345', 'au')).to.equal('+61411012345');
    });

    it('reads landlines too (they are valid numbers)', () => {
      expect(toE164('(02) 9374 4000', 'AU')).to.equal('+61293744000');
    });

    it('returns undefined for garbage and empty input', () => {
      expect(toE164('garbage', 'AU')).to.equal(undefined);
      expect(toE164('', 'AU')).to.equal(undefined);
      expect(toE164('   ', 'AU')).to.equal(undefined);
      expect(toE164(undefined as unknown as string, 'AU')).to.equal(undefined);
    });

    it('returns undefined for numbers that are not valid', () => {
      expect(toE164('123', 'AU')).to.equal(undefined);
      expect(toE164('0411 012', 'AU')).to.equal(undefined);
      expect(toE164('0411012345678', 'AU')).to.equal(undefined);
      expect(toE164('+61 011 012 345', 'AU')).to.equal(undefined);
    });

    it('returns undefined for a national number when the region is unknown', () => {
      expect(toE164('0411 012 345', 'XX')).to.equal(undefined);
    });
  });

  describe('isLikelyMobile', () => {
    it('is true for mobile ranges', () => {
      expect(isLikelyMobile('0411 012 345', 'AU')).to.equal(true);
      expect(isLikelyMobile('+447911123456', 'AU')).to.equal(true);
    });

    it('is true where mobiles and landlines share ranges', () => {
      expect(isLikelyMobile('+1 201 555 0123', 'US')).to.equal(true);
    });

    it('is false for landlines, service numbers and invalid input', () => {
      expect(isLikelyMobile('(02) 9374 4000', 'AU')).to.equal(false);
      expect(isLikelyMobile('1300 123 456', 'AU')).to.equal(false);
      expect(isLikelyMobile('0411 012', 'AU')).to.equal(false);
      expect(isLikelyMobile('garbage', 'AU')).to.equal(false);
    });
  });

  describe('maskPhone', () => {
    it('keeps the country code, first digit and last three digits', () => {
      expect(maskPhone('+61411012345')).to.equal('+614•••••345');
    });

    it('never shows a short value in full', () => {
      expect(maskPhone('+6141')).to.equal('•••••');
      expect(maskPhone('')).to.equal('•••');
    });
  });
});
