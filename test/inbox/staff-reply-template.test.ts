import { expect } from 'chai';
import { TemplateService } from '../../core/templates/template-service.js';
import { rendererFor } from '../../core/runtime/template-setup.js';

const clinic = { name: 'Riverside Family Practice', phone: '02 9374 4000', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };

describe('templates: StaffReply', () => {
  it("prints reception's text as written, signed with the clinic name", () => {
    const service = new TemplateService({ clinic });
    expect(service.render('StaffReply', { text: 'Yes, bring him along.' })).to.equal('Riverside Family Practice: Yes, bring him along.');
  });

  it('never evaluates Liquid in the staff text', () => {
    const service = new TemplateService({ clinic });
    const text = '{{ clinic.phone }} {% if true %}yes{% endif %} {{ Patient.name }}';
    expect(service.render('StaffReply', { text })).to.equal(`Riverside Family Practice: ${text}`);
  });

  it("reaches the template through the executor's renderer", async () => {
    const renderer = rendererFor(new TemplateService({ clinic }));
    expect(await renderer.render('StaffReply', { text: 'See you at 9.' })).to.equal('Riverside Family Practice: See you at 9.');
  });

  it('may only use the clinic and the text, and must print the text', () => {
    const service = new TemplateService({ clinic });
    expect(service.get('StaffReply').variables).to.deep.equal(['clinic.name', 'clinic.phone', 'text']);
    expect(() => service.validate('StaffReply', 'Hi {{ Patient.firstName }}: {{ text }}')).to.throw(/unknown variable Patient.firstName/);
    expect(() => service.validate('StaffReply', '{{ clinic.name }} says hello')).to.throw(/must contain \{\{ text \}\}/);
    expect(service.preview('StaffReply', '{{ text }} ({{ clinic.name }})')).to.equal('Yes, that is fine. See you tomorrow. (Riverside Family Practice)');
  });
});
