import { expect } from 'chai';
import type { TemplateView } from './host-api.js';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';
import { DEFAULT_TEMPLATES } from '../templates/defaults.js';
import { TemplateService } from '../templates/template-service.js';

/** The API in front of the real template service, as the editor page uses it. */
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

describe('local API: what the template editor needs', () => {
  let control: RealTemplatesControl;
  let api: TestApi;
  beforeEach(async () => {
    control = new RealTemplatesControl();
    api = await startTestApi(control);
  });
  afterEach(() => api.close());

  it('lists each template with its variables, shipped default and the SMS cost of its sample', async () => {
    const { body } = await api.call('GET', '/api/templates');
    const help = (body.items as Array<Record<string, unknown>>).find((t) => t.name === 'Help')!;
    expect(help.default).to.equal(DEFAULT_TEMPLATES.Help);
    expect(help.variables).to.be.an('array').that.includes('clinic.name');
    const sample = await api.call('POST', '/api/templates/Help/preview');
    expect(help).to.include({ encoding: 'GSM-7', characters: [...sample.body.text].length, segments: 1 });
  });

  it('counts a draft with an emoji as UCS-2 and a long one in several segments', async () => {
    const emoji = await api.call('POST', '/api/templates/Help/preview', { json: { text: 'See you soon 🙂' } });
    expect(emoji.status).to.equal(200);
    expect(emoji.body).to.deep.equal({ text: 'See you soon 🙂', encoding: 'UCS-2', characters: 14, segments: 1 });
    const long = await api.call('POST', '/api/templates/Help/preview', { json: { text: 'x'.repeat(161) } });
    expect(long.body).to.include({ encoding: 'GSM-7', characters: 161, segments: 2 });
  });

  it('keeps the default text after an edit, so the editor can offer to reset to it', async () => {
    const put = await api.call('PUT', '/api/templates/Help', { json: { text: 'Call {{ clinic.name }}. Reply STOP to stop these texts.' } });
    expect(put.status).to.equal(200);
    expect(put.body).to.include({ source: 'edited', default: DEFAULT_TEMPLATES.Help });
    const reset = await api.call('DELETE', '/api/templates/Help');
    expect(reset.body).to.include({ source: 'default', text: DEFAULT_TEMPLATES.Help });
  });

  it('answers a rejected text with 422 and each problem at its line and column', async () => {
    const text = 'Hello from {{ clinic.name }}.\nReply {{ Patient.nmae }} please.';
    for (const [method, path] of [
      ['PUT', '/api/templates/Help'],
      ['POST', '/api/templates/Help/preview'],
    ] as const) {
      const reply = await api.call(method, path, { json: { text } });
      expect(reply.status, path).to.equal(422);
      expect(reply.body.code).to.equal('CA_ERR_TEMPLATE');
      expect(reply.body.error).to.contain('Help');
      const [problem] = reply.body.problems as Array<{ problem: string; fix?: string; line?: number; column?: number }>;
      expect(problem, JSON.stringify(reply.body)).to.include({ line: 2 });
      expect(problem!.problem).to.contain('Patient.nmae');
      expect(problem!.column).to.be.a('number');
    }
    expect(control.service.get('Help').source).to.equal('default');
  });

  it('places a syntax error at its line', async () => {
    const reply = await api.call('PUT', '/api/templates/Help', { json: { text: 'Line one\nline two {{ clinic.name\nReply STOP to stop.' } });
    expect(reply.status).to.equal(422);
    expect(reply.body.problems).to.have.length.greaterThan(0);
    expect(reply.body.problems[0].line).to.equal(2);
  });
});
