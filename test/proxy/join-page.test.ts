import { expect } from 'chai';
import { startTestProxy } from './support.js';

describe('proxy: video join page', function () {
  this.timeout(10_000);

  it('serves the join page and its assets with a strict CSP at /join by default', async () => {
    const proxy = await startTestProxy();
    try {
      const page = await fetch(`${proxy.url}/join`);
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      expect(page.headers.get('content-security-policy')).to.match(/script-src 'self'/);
      const html = await page.text();
      const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map(([, src]) => src!);
      expect(scripts.length).to.be.greaterThan(0);
      for (const src of scripts) {
        const asset = await fetch(new URL(src, `${proxy.url}/join/`));
        expect(asset.status, src).to.equal(200);
      }
    } finally {
      await proxy.destroy();
    }
  });

  it('moves to the configured path, or is off when disabled', async () => {
    const moved = await startTestProxy({ config: { joinPage: { path: '/v' } } });
    try {
      expect((await fetch(`${moved.url}/v`)).status).to.equal(200);
      expect((await fetch(`${moved.url}/join`)).status).to.equal(404);
    } finally {
      await moved.destroy();
    }
    const off = await startTestProxy({ config: { joinPage: { enabled: false } } });
    try {
      expect((await fetch(`${off.url}/join`)).status).to.equal(404);
    } finally {
      await off.destroy();
    }
  });
});
