import { expect } from 'chai';
import type { TemplateView } from './host-api.js';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';
import { TemplateService } from '../templates/template-service.js';

/** The API in front of the real template service (the fake's checks know nothing of Liquid). */
class RealTemplatesControl extends FakeHostControl {
  readonly service = new TemplateService({
    clinic: { name: 'Riverside Family Practice', phone: '02 9374 4000', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' },
  });
  override async listTemplates(): Promise<TemplateView[]> {
    return this.service.list();
  }
  override async updateTemplate(name: string, text: string | null): Promise<TemplateView> {
    return this.service.set(name, text);
  }
  override async previewTemplate(name: string, text?: string): Promise<string> {
    return this.service.preview(name, text);
  }
}

describe('local API: templates that would render past what an SMS can carry', () => {
  let control: RealTemplatesControl;
  let api: TestApi;
  before(async () => {
    control = new RealTemplatesControl();
    api = await startTestApi(control);
  });
  after(() => api.close());

  // Issue 9: 57 characters that loop into far more than Twilio accepts (1,600; error 21617).
  const LOOPING = '{% for i in (1..40) %}{{ Patient.firstName }}{% endfor %}';

  it('PUT refuses a short template whose loop renders too long, naming the length and segments (422)', async () => {
    expect(LOOPING).to.have.length(57);
    const reply = await api.call('PUT', '/api/templates/Registration', { json: { text: LOOPING } });
    expect(reply.status).to.equal(422);
    expect(reply.body.code).to.equal('CA_ERR_TEMPLATE');
    expect(reply.body.error).to.match(
      /^Template Registration: renders to up to 1,683 characters \(11 GSM-7 SMS segments\) with the longest plausible names, dates and links, .*an SMS can carry at most 1,600/,
    );
    expect(control.service.get('Registration').source).to.equal('default');
  });

  it('preview refuses it too, and a shorter loop is accepted', async () => {
    const preview = await api.call('POST', '/api/templates/Registration/preview', { json: { text: LOOPING } });
    expect(preview.status).to.equal(422);
    const shorter = LOOPING.replace('(1..40)', '(1..3)');
    const put = await api.call('PUT', '/api/templates/Registration', { json: { text: shorter } });
    expect(put.status).to.equal(200);
    expect(put.body).to.include({ source: 'edited', text: shorter });
  });

  it('PUT refuses a loop that would stall the host, quickly', async () => {
    const started = Date.now();
    const reply = await api.call('PUT', '/api/templates/Help', {
      json: { text: '{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}' },
    });
    expect(reply.status).to.equal(422);
    expect(reply.body.error).to.match(/limit exceeded.*make its loops shorter/);
    expect(Date.now() - started).to.be.lessThan(5000);
  });
});
