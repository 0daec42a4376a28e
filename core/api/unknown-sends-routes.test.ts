import { expect } from 'chai';
import type { OutboxEntry } from '../store/store.js';
import { ClinicArrivalsError, ConflictError } from '@clinic-arrivals/plugin-kit';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';

const T0 = Date.parse('2026-11-22T22:00:00.000Z');

function entry(id: number, patch: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id,
    key: `appt-${id}:screening:2026-11-23T10:00:00+11:00`,
    appointmentId: `appt-${id}`,
    to: '+61412345678',
    template: 'ConsiderTeleHealth',
    body: 'Hi Alex, is a video consult OK?',
    status: 'unknown',
    attempts: 1,
    createdAt: T0 + id * 1000,
    updatedAt: T0 + id * 1000,
    ...patch,
  };
}

function seeded(): FakeHostControl {
  const control = new FakeHostControl();
  control.outbox = [
    entry(1, { error: 'CA_ERR_UNAVAILABLE: Twilio could not be reached while sending an SMS (ECONNRESET)' }),
    entry(2, { lastCheck: { at: T0 + 5000, note: 'no matching message at sms-twilio yet', nextAt: T0 + 905_000 } }),
    entry(3, {
      resolution: { outcome: 'delivered', at: T0 + 9000, by: 'auto:sms-twilio', note: 'auto: sms-twilio message SM1 found (status sent)' },
      providerId: 'SM1',
    }),
    entry(4, { status: 'sent', providerId: 'SM4' }),
  ];
  control.now = T0 + 60_000;
  return control;
}

describe('local API: unknown sends', () => {
  const control = seeded();
  let api: TestApi;

  before(async () => {
    api = await startTestApi(control);
  });
  beforeEach(() => {
    Object.assign(control, seeded());
  });
  after(() => api.close());

  it('GET /api/messages/unknown lists open ones: appointment, template, masked number, times; never the text or key', async () => {
    const reply = await api.call('GET', '/api/messages/unknown');
    expect(reply.status).to.equal(200);
    expect(reply.body.items).to.deep.equal([
      {
        id: 1,
        appointmentId: 'appt-1',
        template: 'ConsiderTeleHealth',
        to: '+614•••••678',
        status: 'unknown',
        createdAt: '2026-11-22T22:00:01.000Z',
        attempts: 1,
        error: 'CA_ERR_UNAVAILABLE: Twilio could not be reached while sending an SMS (ECONNRESET)',
      },
      {
        id: 2,
        appointmentId: 'appt-2',
        template: 'ConsiderTeleHealth',
        to: '+614•••••678',
        status: 'unknown',
        createdAt: '2026-11-22T22:00:02.000Z',
        attempts: 1,
        lastCheck: { at: '2026-11-22T22:00:05.000Z', note: 'no matching message at sms-twilio yet', nextAt: '2026-11-22T22:15:05.000Z' },
      },
    ]);
    expect(JSON.stringify(reply.body)).to.not.contain('video consult').and.not.contain(':screening:').and.not.contain('345');
  });

  it('GET /api/messages/unknown?state=resolved|all shows resolutions; another state is a 400', async () => {
    const resolved = await api.call('GET', '/api/messages/unknown?state=resolved');
    expect(resolved.body.items).to.have.length(1);
    expect(resolved.body.items[0]).to.include({ id: 3, providerId: 'SM1' });
    expect(resolved.body.items[0].resolution).to.deep.equal({
      outcome: 'delivered',
      at: '2026-11-22T22:00:09.000Z',
      by: 'auto:sms-twilio',
      note: 'auto: sms-twilio message SM1 found (status sent)',
    });
    expect((await api.call('GET', '/api/messages/unknown?state=all')).body.items.map((u: { id: number }) => u.id)).to.deep.equal([1, 2, 3]);
    const bad = await api.call('GET', '/api/messages/unknown?state=closed');
    expect(bad.status).to.equal(400);
    expect(bad.body.error).to.match(/querystring\.state: must be one of open, resolved, all/);
  });

  it('GET /api/messages/sent shows resolutions and checks with ISO times', async () => {
    const items = (await api.call('GET', '/api/messages/sent')).body.items as Array<Record<string, any>>;
    expect(items.find((i) => i.id === 3)!.resolution.at).to.equal('2026-11-22T22:00:09.000Z');
    expect(items.find((i) => i.id === 2)!.lastCheck).to.include({ at: '2026-11-22T22:00:05.000Z', nextAt: '2026-11-22T22:15:05.000Z' });
  });

  it('POST …/:id/delivered records who, idempotently; "api" when no name is given', async () => {
    const named = await api.call('POST', '/api/messages/unknown/1/delivered', { json: { by: '  Sam at reception ' } });
    expect(named.status).to.equal(200);
    expect(named.body).to.include({ id: 1, status: 'unknown' });
    expect(named.body.resolution).to.deep.equal({ outcome: 'delivered', by: 'Sam at reception', at: '2026-11-22T22:01:00.000Z' });
    expect((await api.call('POST', '/api/messages/unknown/1/delivered', { json: { by: 'Kim' } })).body.resolution.by, 'the first decision stands').to.equal(
      'Sam at reception',
    );
    const unnamed = await api.call('POST', '/api/messages/unknown/2/delivered');
    expect(unnamed.status).to.equal(200);
    expect(unnamed.body.resolution.by).to.equal('api');
  });

  it('POST …/:id/dismiss records the decision; acting otherwise afterwards is a 409', async () => {
    expect((await api.call('POST', '/api/messages/unknown/1/dismiss', { json: { by: 'Sam' } })).body.resolution).to.include({
      outcome: 'dismissed',
      by: 'Sam',
    });
    const conflict = await api.call('POST', '/api/messages/unknown/1/delivered', { json: { by: 'Sam' } });
    expect(conflict.status).to.equal(409);
    expect(conflict.body).to.deep.equal({ error: 'unknown send 1 was already resolved as dismissed', code: 'CA_ERR_CONFLICT' });
  });

  it('POST …/:id/send-again answers with the original (resolved) and the copy', async () => {
    const reply = await api.call('POST', '/api/messages/unknown/2/send-again', { json: { by: 'Sam' } });
    expect(reply.status).to.equal(200);
    expect(reply.body.original.resolution).to.deep.equal({
      outcome: 'resent',
      by: 'Sam',
      at: '2026-11-22T22:01:00.000Z',
      note: `resent as ${entry(2).key}#resend-1 (sent)`,
    });
    expect(reply.body.resend).to.include({ id: 5, appointmentId: 'appt-2', status: 'sent', providerId: 'SM-copy', to: '+614•••••678' });
    expect(reply.body.resend).to.not.have.property('body');
  });

  for (const [when, failure, status] of [
    [
      'the provider is unavailable',
      new ClinicArrivalsError('CA_ERR_SEND_FAILED', 'the provider did not take the copy of unknown send 2 (CA_ERR_UNAVAILABLE: 503); try again later', {
        retryable: true,
      }),
      503,
    ],
    [
      'the provider refuses the copy',
      new ClinicArrivalsError('CA_ERR_SEND_FAILED', 'the provider did not take the copy of unknown send 2 (CA_ERR_INVALID_NUMBER: no)'),
      502,
    ],
    ['a check stops the copy', new ConflictError('unknown send 2 was not sent again: the number has opted out of texts (STOP)'), 409],
  ] as const) {
    it(`POST …/:id/send-again → ${status} when ${when}`, async () => {
      control.sendAgainFailure = failure;
      const reply = await api.call('POST', '/api/messages/unknown/2/send-again', { json: { by: 'Sam' } });
      expect(reply.status).to.equal(status);
      expect(reply.body).to.deep.equal({ error: failure.message, code: failure.code });
    });
  }

  for (const [path, body, status, expected] of [
    ['/api/messages/unknown/9/delivered', { by: 'Sam' }, 404, /no unknown send with id 9/],
    ['/api/messages/unknown/4/send-again', {}, 404, /no unknown send with id 4/],
    ['/api/messages/unknown/abc/delivered', {}, 400, /params\.id: must be integer/],
    ['/api/messages/unknown/0/dismiss', {}, 400, /params\.id: must be >= 1/],
    ['/api/messages/unknown/1/delivered', { by: '' }, 400, /body\.by: must NOT have fewer than 1 characters/],
    ['/api/messages/unknown/1/delivered', { by: '   ' }, 400, /body\.by: must match pattern/],
    ['/api/messages/unknown/1/delivered', { who: 'Sam' }, 400, /body: unknown property "who"/],
  ] as const) {
    it(`POST ${path} ${JSON.stringify(body)} → ${status}`, async () => {
      const reply = await api.call('POST', path, { json: body });
      expect(reply.status).to.equal(status);
      expect(reply.body.error).to.match(expected);
    });
  }

  it('GET /api/status counts open unknown sends', async () => {
    expect((await api.call('GET', '/api/status')).body.unknownSends).to.equal(2);
  });
});
