import { expect } from 'chai';
import { expectRejection } from './expect-rejection.js';
import { waitFor } from './wait-for.js';

describe('testing kit: waitFor', function () {
  it('returns the first value that is not undefined, null or false, checking at once', async function () {
    let checks = 0;
    const found = await waitFor(() => (++checks >= 3 ? { checks } : undefined), { what: 'three checks' });
    expect(found).to.deep.equal({ checks: 3 });
    expect(await waitFor(() => 0, { what: 'a zero' }), 'zero is a value').to.equal(0);
    let once = 0;
    await waitFor(() => ++once > 0, { what: 'one check' });
    expect(once, 'no wait when it already holds').to.equal(1);
  });

  it('awaits an async condition', async function () {
    let ready = false;
    setImmediate(() => (ready = true));
    expect(await waitFor(async () => ready, { what: 'ready' })).to.equal(true);
  });

  it('fails after timeoutMs, naming what it waited for', async function () {
    const error = await expectRejection(() => waitFor(() => false, { what: 'the stand-in to answer', timeoutMs: 30 }), Error);
    expect(error.message).to.equal('timed out after 30 ms waiting for the stand-in to answer');
  });

  it('passes on an error the condition throws, at once', async function () {
    const error = await expectRejection(
      () =>
        waitFor(
          () => {
            throw new Error('exited early');
          },
          { what: 'never' },
        ),
      Error,
    );
    expect(error.message).to.equal('exited early');
  });
});
