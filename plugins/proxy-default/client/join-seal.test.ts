import { expect } from 'chai';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { CODE_INFO, codeProof, openSealedTarget, sealJoinLock, sealTarget, secretBytes } from './join-seal.js';

const SECRET = randomBytes(32).toString('base64url');
const TARGET = 'https://video.example.org/room/abc?token=é';

describe('proxy-default: join seal', () => {
  it('round-trips the target and changes the IV every time', () => {
    const first = sealTarget(SECRET, TARGET);
    const second = sealTarget(SECRET, TARGET);
    expect(first).to.not.equal(second);
    expect(openSealedTarget(SECRET, first)).to.equal(TARGET);
    expect(openSealedTarget(SECRET, second)).to.equal(TARGET);
  });

  it('refuses a sealed value under another secret or with a flipped bit', () => {
    const sealed = sealTarget(SECRET, TARGET);
    expect(() => openSealedTarget(randomBytes(32).toString('base64url'), sealed)).to.throw();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[14]! ^= 1;
    expect(() => openSealedTarget(SECRET, bytes.toString('base64url'))).to.throw();
  });

  it('proof is HMAC-SHA256 of the digits under the HKDF code key, 43 base64url characters', () => {
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(SECRET, 'base64url'), Buffer.alloc(0), CODE_INFO, 32));
    const expected = createHmac('sha256', key).update('123456').digest('base64url');
    expect(codeProof(SECRET, '123456'))
      .to.equal(expected)
      .and.to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(codeProof(SECRET, '123457')).to.not.equal(expected);
  });

  it('seals a lock without the code or the target in clear', () => {
    const { sealed, proof } = sealJoinLock({ secret: SECRET, target: TARGET, code: '654321' });
    expect(sealed).to.not.include('video.example.org');
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).to.not.include('video.example.org');
    expect(proof).to.not.include('654321');
  });

  it('accepts only a 32-byte base64url secret', () => {
    expect(secretBytes(SECRET)).to.have.length(32);
    expect(() => secretBytes('short')).to.throw(RangeError);
    expect(() => secretBytes(SECRET + 'A')).to.throw(RangeError);
    expect(() => secretBytes(randomBytes(32).toString('base64'))).to.throw(RangeError);
  });
});
