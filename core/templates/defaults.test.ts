import { expect } from 'chai';
import { TEMPLATE_NAMES } from '../engine/decisions.js';
import { DEFAULT_TEMPLATES, LAST_MESSAGE_NOTICE } from './defaults.js';
import { replyWordsIn } from './reply-words.js';
import { replyWithDay } from '../engine/reply-day.js';
import { smsLength } from './sms-length.js';
import { TemplateService } from './template-service.js';

const DEFAULT_WORDS = new Set(['yes', 'y', 'no', 'n', 'arrived', 'here', 'a', 'joined', 'ok', 'j', 'ready', 'guest', 'code', 'noguest', 'noguests']);
const clinic = { name: 'Riverside Family Practice', phone: '02 9374 4000', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };

describe('templates/defaults', () => {
  it('has a default for every template name', () => {
    expect(Object.keys(DEFAULT_TEMPLATES)).to.have.members([...TEMPLATE_NAMES]);
  });

  it('all pass validation with the default keyword set', () => {
    const service = new TemplateService({ clinic, acceptedWords: DEFAULT_WORDS });
    for (const name of TEMPLATE_NAMES) expect(() => service.validate(name, DEFAULT_TEMPLATES[name]), name).not.to.throw();
  });

  it('all render for a sample appointment as plain GSM text in one segment', () => {
    const service = new TemplateService({ clinic });
    for (const name of TEMPLATE_NAMES) {
      const text = service.preview(name);
      expect(text, name).not.to.match(/\{\{|\{%|undefined|null/);
      expect(smsLength(text), `${name}: ${text}`).to.deep.include({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('read well when the clinic has no phone number', () => {
    const service = new TemplateService({ clinic: { ...clinic, phone: undefined } });
    expect(service.preview('UnknownPhone')).to.match(/Please call reception\.$/);
  });

  it('ask for workflow words only, and STOP only in Help', () => {
    // "YES TODAY" asks for YES with a day (WhichAppointment).
    const asked = new Set(TEMPLATE_NAMES.flatMap((name) => replyWordsIn(DEFAULT_TEMPLATES[name]).map((word) => replyWithDay(word) ?? word)));
    expect([...asked]).to.have.members(['yes', 'no', 'arrived', 'joined', 'code', 'stop', 'noguest']);
    expect(replyWordsIn(DEFAULT_TEMPLATES.Help)).to.deep.equal(['stop']);
  });

  it('never ask for a carrier opt-out word: confirm and cancel by reply use YES and NO (issue 18)', () => {
    for (const name of ['RegistrationConfirm', 'ConfirmDontUnderstand', 'WhichAppointment'] as const) {
      expect(replyWordsIn(DEFAULT_TEMPLATES[name]), name).to.deep.equal(['yes', 'no']);
    }
    for (const name of TEMPLATE_NAMES) expect(DEFAULT_TEMPLATES[name], name).not.to.match(/\b(CANCEL|STOPALL|UNSUBSCRIBE|END|QUIT)\b/);
    expect(DEFAULT_TEMPLATES.WhichAppointment).to.match(/YES today or NO tomorrow/);
  });

  it('keep patient details out of the admin and guest texts', () => {
    for (const name of [
      'HostStarted',
      'HostStopped',
      'AlertFailing',
      'AlertRecovered',
      'GuestLink',
      'GuestNoVideo',
      'GuestLimit',
      'GuestUnavailable',
      'JoinCodeLimit',
      'JoinCodeNone',
      'GuestBooked',
      'GuestAdded',
      'GuestRefused',
      'GuestNoneToRefuse',
    ] as const) {
      expect(DEFAULT_TEMPLATES[name]).not.to.match(/(Patient|Practitioner|Appointment)\./);
    }
  });

  it('JoinCode carries the code and how long it works, and asks for CODE for a new one', () => {
    const service = new TemplateService({ clinic });
    expect(service.preview('JoinCode')).to.equal(
      'Your code for the video consult: 482913. Enter it on the page the link opens. It works for 15 minutes. Reply CODE for a new one.',
    );
    expect(replyWordsIn(DEFAULT_TEMPLATES.JoinCode)).to.deep.equal(['code']);
  });

  it('has a plain, space-led last-message notice', () => {
    expect(LAST_MESSAGE_NOTICE.startsWith(' ')).to.equal(true);
    expect(smsLength(LAST_MESSAGE_NOTICE).encoding).to.equal('GSM-7');
  });
});
