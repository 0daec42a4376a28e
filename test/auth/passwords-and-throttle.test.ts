import { expect } from 'chai';
import { hashPassword, passwordProblem, verifyPassword } from '../../core/auth/passwords.js';
import { SignInThrottle } from '../../core/auth/sign-in-throttle.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';

const CHEAP = { N: 1024, r: 8, p: 1 };

describe('staff passwords (scrypt) and the sign-in backoff', () => {
  it('hashes with a fresh salt and its parameters, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery', CHEAP);
    const second = await hashPassword('correct horse battery', CHEAP);
    expect(first).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(first).not.to.equal(second);
    expect(await verifyPassword('correct horse battery', first)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', first)).to.equal(false);
    for (const broken of ['', 'bcrypt$x', 'scrypt$0$8$1$AAAA$AAAA', first.slice(0, -4)]) expect(await verifyPassword('x', broken), broken).to.equal(false);
  });

  it('uses the default cost (N = 2^15) unless told otherwise', async () => {
    expect(await hashPassword('correct horse battery')).to.match(/^scrypt\$32768\$8\$1\$/);
  });

  it('asks for at least 10 characters', () => {
    expect(passwordProblem('123456789')).to.equal('password must be at least 10 characters');
    expect(passwordProblem('1234567890')).to.equal(undefined);
  });

  it('doubles the lock with every failure past the free ones, up to 15 minutes, and forgets after an hour', () => {
    const clock = new ManualClock();
    const throttle = new SignInThrottle(clock);
    const locks: number[] = [];
    for (let failure = 1; failure <= 12; failure++) {
      clock.advance(throttle.waitMs('anna', '10.0.0.1'));
      throttle.failed('anna', `10.0.0.${failure}`);
      locks.push(throttle.waitMs('anna', '10.0.0.99') / 1000);
    }
    expect(locks).to.deep.equal([0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]);
    expect(throttle.waitMs('ANNA', '10.0.0.99'), 'names compare without case').to.equal(900_000);
    clock.advance(60 * 60_000 + 1);
    throttle.failed('anna', '10.0.0.1');
    expect(throttle.waitMs('anna', '10.0.0.99'), 'a fresh start after an hour').to.equal(0);
  });
});
