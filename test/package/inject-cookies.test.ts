import { expect } from 'chai';
import Fastify from 'fastify';

/*
 * fastify's inject() (light-my-request) encodes request cookies with the `cookie` package; an
 * npm override pins it to 1.x, which works on every Node we support (2.x wants Node 22). The
 * host injects requests itself (the simulator's messaging routes), so this path runs in production.
 */
describe('package: fastify inject with cookies (light-my-request + cookie)', () => {
  it('sends the cookies it is given, encoded, on the paths they belong to', async () => {
    const app = Fastify();
    app.get('/api/echo', async (request) => ({ cookie: request.headers.cookie ?? null }));
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/api/echo',
        cookies: [
          { name: 'session', value: 'a b;c' },
          { name: 'other', value: '1', path: '/elsewhere' },
        ] as never,
      });
      expect(response.statusCode).to.equal(200);
      expect(response.json()).to.deep.equal({ cookie: 'session=a%20b%3Bc' });
      const plain = await app.inject({ method: 'GET', url: '/api/echo', cookies: { a: '1', b: '2' } });
      expect(plain.json()).to.deep.equal({ cookie: 'a=1; b=2' });
    } finally {
      await app.close();
    }
  });
});
