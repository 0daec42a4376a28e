import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { TEMPLATE_NAMES } from '../engine/decisions.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { MessageTooLongError } from './message-length.js';
import { TemplateError, TemplateService } from './template-service.js';

const DEFAULT_WORDS = new Set(['yes', 'y', 'no', 'n', 'arrived', 'here', 'a', 'joined', 'ok', 'j', 'ready', 'guest', 'code', 'noguest', 'noguests']);
const sydney: ClinicInfo = { name: 'Harbour Clinic', phone: '02 9374 4000', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };
const START_PROBE = '{{ Appointment.start }}|{{ Appointment.start.date }}|{{ Appointment.start.time }}';

function appointment(overrides: Partial<Appointment> = {}): Appointment {
  return {
    id: 'appt-1',
    start: '2026-11-22T22:30:00Z', // 9:30 am on Monday 23 November in Sydney (AEDT, +11)
    status: 'booked',
    patient: { id: 'pat-1', name: 'Mary Jane Citizen', mobile: '0411 012 345' },
    practitioner: { id: 'pr-1', name: 'Dr Lee' },
    isVideo: false,
    ...overrides,
  };
}

/** Runs `fn`, expects a TemplateError and returns it. */
function templateErrorOf(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(TemplateError);
    expect((error as TemplateError).code).to.equal('CA_ERR_TEMPLATE');
    return error as TemplateError;
  }
  throw new Error('expected a TemplateError');
}

describe('templates/TemplateService', () => {
  describe('validation on construction', () => {
    it('rejects an unknown variable in a configured template, naming the template and the variable', () => {
      const error = templateErrorOf(() => new TemplateService({ clinic: sydney, configured: { Registration: 'Hi {{ Patient.nmae }}' } }));
      expect(error.template).to.equal('Registration');
      expect(error.message).to.contain('Registration: unknown variable Patient.nmae');
    });

    it('lists every bad template, from config and from edits, in one error', () => {
      const error = templateErrorOf(
        () =>
          new TemplateService({
            clinic: sydney,
            configured: { Registration: 'Hi {{ Patient.nmae }}', Nonsense: 'x' },
            edited: { DoctorReady: 'Come to {% if room %}{{ room }}' },
          }),
      );
      expect(error.template).to.equal(undefined);
      expect(error.problems.some((p) => p.startsWith('Registration: unknown variable Patient.nmae'))).to.equal(true);
      expect(error.problems.some((p) => p.startsWith('Nonsense: unknown template'))).to.equal(true);
      expect(error.problems.some((p) => p.startsWith('DoctorReady: syntax error') && p.endsWith('[edited]'))).to.equal(true);
    });

    it('accepts valid overrides and reports where each text comes from', () => {
      const service = new TemplateService({
        clinic: sydney,
        configured: { Registration: 'See {{ Practitioner.name }} at {{ Appointment.start.time }}.' },
        edited: { DoctorReady: 'Please come to {{ room }}.' },
      });
      expect(service.get('Registration').source).to.equal('config');
      expect(service.get('DoctorReady').source).to.equal('edited');
      expect(service.get('Help').source).to.equal('default');
      expect(service.list().map((view) => view.name)).to.deep.equal([...TEMPLATE_NAMES]);
    });
  });

  describe('validate and set', () => {
    const service = () => new TemplateService({ clinic: sydney, acceptedWords: DEFAULT_WORDS });

    it('rejects an unknown variable on set and keeps the previous text', () => {
      const templates = service();
      const error = templateErrorOf(() => templates.set('ArrivedThanks', 'Thanks {{ Patient.nmae }}'));
      expect(error.template).to.equal('ArrivedThanks');
      expect(error.message).to.contain('unknown variable Patient.nmae');
      expect(error.message).to.contain('may use: Patient.name');
      expect(templates.get('ArrivedThanks').text).to.equal(DEFAULT_TEMPLATES.ArrivedThanks);
    });

    it('rejects bad syntax with the line it is on', () => {
      const error = templateErrorOf(() => service().validate('Registration', 'Hi\nthere\n{% if Patient.name %}unclosed'));
      expect(error.message).to.match(/Registration: syntax error: .*line 3/);
    });

    it('rejects unknown filters and tags', () => {
      expect(templateErrorOf(() => service().validate('Registration', '{{ Patient.name | shout }}')).message).to.contain('shout');
      expect(templateErrorOf(() => service().validate('Registration', '{% frobnicate %}')).message).to.contain('frobnicate');
    });

    it('rejects tags that would read files', () => {
      const error = templateErrorOf(() => service().validate('Help', '{% include "/etc/passwd" %}'));
      expect(error.message).to.contain('{% include %}');
    });

    it('rejects properties that do not exist on a known variable', () => {
      expect(templateErrorOf(() => service().validate('Registration', '{{ Appointment.start.year }}')).message).to.contain(
        'unknown variable Appointment.start.year',
      );
    });

    it('keeps patient details out of templates that have no appointment', () => {
      const error = templateErrorOf(() => service().validate('HostStarted', 'Started for {{ Patient.name }}'));
      expect(error.message).to.contain('unknown variable Patient.name');
    });

    it('allows url and room only where the step provides them', () => {
      expect(templateErrorOf(() => service().validate('Registration', 'Join {{ url }}')).message).to.contain('unknown variable url');
      expect(() => service().validate('DoctorReady', 'Please come to {{ room }}.')).not.to.throw();
    });

    it('requires the link in the video invite', () => {
      const error = templateErrorOf(() => service().validate('VideoInvite', 'Your video consult is ready. Reply JOINED once in.'));
      expect(error.message).to.contain('must contain {{ url }}');
    });

    it('rejects an unknown template name', () => {
      expect(templateErrorOf(() => service().validate('Welcome', 'Hi')).message).to.contain('Welcome: unknown template');
      expect(templateErrorOf(() => service().get('Welcome')).template).to.equal('Welcome');
    });

    it('allows locals created with assign', () => {
      expect(() => service().validate('ArrivedThanks', '{% assign who = Practitioner.name %}Thanks, {{ who }} knows.')).not.to.throw();
    });
  });

  describe('templates and keywords agree', () => {
    it('rejects a reply word the engine does not accept', () => {
      const templates = new TemplateService({ clinic: sydney, acceptedWords: DEFAULT_WORDS });
      const error = templateErrorOf(() => templates.set('ConsiderTeleHealth', 'Reply VIDEO for a video consult, or NO to come in.'));
      expect(error.message).to.contain('"VIDEO"');
    });

    it('accepts it once the engine accepts it', () => {
      const templates = new TemplateService({ clinic: sydney, acceptedWords: new Set([...DEFAULT_WORDS, 'VIDEO']) });
      expect(templates.set('ConsiderTeleHealth', 'Reply VIDEO for a video consult, or NO to come in.').source).to.equal('edited');
    });

    it('rejects a configured template that asks for an opt-out word', () => {
      const error = templateErrorOf(() => new TemplateService({ clinic: sydney, configured: { Cancellation: 'Cancelled. Reply CANCEL to confirm.' } }));
      expect(error.template).to.equal('Cancellation');
    });

    it('reports the words a text asks for', () => {
      expect(new TemplateService({ clinic: sydney }).replyWordsIn('Reply YES or NO')).to.deep.equal(['yes', 'no']);
    });
  });

  describe('restoring', () => {
    it('restores the configured text, then the default', () => {
      const configured = 'Thanks, {{ Patient.firstName }}. Take a seat.';
      const templates = new TemplateService({ clinic: sydney, configured: { ArrivedThanks: configured } });
      templates.set('ArrivedThanks', 'Thanks. Please wait.');
      expect(templates.render('ArrivedThanks', { appointment: appointment() })).to.equal('Thanks. Please wait.');

      const restored = templates.set('ArrivedThanks', null);
      expect(restored).to.deep.include({ source: 'config', text: configured });
      expect(templates.render('ArrivedThanks', { appointment: appointment() })).to.equal('Thanks, Mary. Take a seat.');

      const plain = new TemplateService({ clinic: sydney, edited: { ArrivedThanks: 'Thanks.' } });
      expect(plain.set('ArrivedThanks', null)).to.deep.include({ source: 'default', text: DEFAULT_TEMPLATES.ArrivedThanks });
    });
  });

  describe('render', () => {
    it('formats the start in Australia/Sydney for en-AU', () => {
      const templates = new TemplateService({ clinic: sydney, edited: { Registration: START_PROBE } });
      expect(templates.render('Registration', { appointment: appointment() })).to.equal('Mon 23 Nov, 9:30 am|Monday 23 November|9:30 am');
    });

    it('formats the same instant in another zone and locale', () => {
      const london: ClinicInfo = { ...sydney, timeZone: 'Europe/London', locale: 'en-GB', region: 'GB' };
      const templates = new TemplateService({ clinic: london, edited: { Registration: START_PROBE } });
      expect(templates.render('Registration', { appointment: appointment() })).to.equal('Sun 22 Nov, 22:30|Sunday 22 November|22:30');
    });

    it('keeps the order and clock of the locale', () => {
      const newYork: ClinicInfo = { ...sydney, timeZone: 'America/New_York', locale: 'en-US', region: 'US' };
      const templates = new TemplateService({ clinic: newYork, edited: { Registration: START_PROBE } });
      expect(templates.render('Registration', { appointment: appointment() })).to.equal('Sun Nov 22, 5:30 PM|Sunday, November 22|5:30 PM');
    });

    it('lets the date filter format the start in the clinic zone', () => {
      const templates = new TemplateService({
        clinic: sydney,
        edited: { Registration: '{{ Appointment.start | date: "%A %e %B %H:%M" }}' },
      });
      expect(templates.render('Registration', { appointment: appointment() })).to.equal('Monday 23 November 09:30');
    });

    it('follows daylight saving in the clinic zone', () => {
      const templates = new TemplateService({ clinic: sydney, edited: { Registration: '{{ Appointment.start.time }}' } });
      // Same UTC time of day, winter (AEST, +10) versus summer (AEDT, +11).
      expect(templates.render('Registration', { appointment: appointment({ start: '2026-06-22T22:30:00Z' }) })).to.equal('8:30 am');
    });

    it('falls back to the first word of the name and normalises the mobile', () => {
      const templates = new TemplateService({
        clinic: sydney,
        edited: { Registration: '{{ Patient.firstName }} {{ Patient.telecom.mobile }} {{ Appointment.status }}' },
      });
      expect(templates.render('Registration', { appointment: appointment() })).to.equal('Mary +61411012345 booked');
      const given = appointment({ patient: { id: 'p', name: 'Citizen, Mary', firstName: 'Mary-Anne' } });
      expect(templates.render('Registration', { appointment: given })).to.equal('Mary-Anne booked');
      const familyFirst = appointment({ patient: { id: 'p', name: 'CITIZEN, Mary Jane' } });
      expect(templates.render('Registration', { appointment: familyFirst })).to.equal('Mary booked');
    });

    it('renders the defaults with the step variables', () => {
      const templates = new TemplateService({ clinic: sydney });
      expect(templates.render('DoctorReady', { appointment: appointment(), room: 'room 7' })).to.equal('Dr Lee is ready for you now. Please come to room 7.');
      expect(templates.render('VideoInvite', { appointment: appointment(), url: 'https://v.example.org/r/abc' })).to.contain('\nhttps://v.example.org/r/abc\n');
      expect(templates.render('Help', {})).to.contain('Harbour Clinic');
    });

    it('refuses to render without a url, room or appointment the template needs', () => {
      const templates = new TemplateService({ clinic: sydney });
      expect(templateErrorOf(() => templates.render('VideoInvite', { appointment: appointment() })).message).to.contain('{{ url }}');
      expect(templateErrorOf(() => templates.render('VideoInvite', { appointment: appointment(), url: ' ' })).template).to.equal('VideoInvite');
      expect(templateErrorOf(() => templates.render('DoctorReady', { appointment: appointment() })).message).to.contain('{{ room }}');
      expect(templateErrorOf(() => templates.render('Registration', {})).message).to.contain('without an appointment');
    });

    it('names the template but not the patient when the start time is unusable', () => {
      const templates = new TemplateService({ clinic: sydney });
      const error = templateErrorOf(() => templates.render('Registration', { appointment: appointment({ start: 'soon' }) }));
      expect(error.template).to.equal('Registration');
      expect(error.message).not.to.contain('Mary');
    });

    it('uses the new text after an edit', () => {
      const templates = new TemplateService({ clinic: sydney });
      const before = templates.render('ArrivedThanks', { appointment: appointment() });
      templates.set('ArrivedThanks', 'Got it, {{ Patient.firstName }}.');
      expect(templates.render('ArrivedThanks', { appointment: appointment() }))
        .to.equal('Got it, Mary.')
        .and.not.equal(before);
    });
  });

  describe('preview', () => {
    it('renders made-up sample data, dated tomorrow at 9:30 by the clock', () => {
      const now = Date.parse('2026-11-23T02:00:00Z'); // 1 pm Monday in Sydney
      const templates = new TemplateService({ clinic: sydney, clock: { now: () => now } });
      expect(templates.preview('Registration', START_PROBE)).to.equal('Tue 24 Nov, 9:30 am|Tuesday 24 November|9:30 am');
      expect(templates.preview('DoctorReady')).to.equal('Dr Jordan Example is ready for you now. Please come to room 7.');
    });

    it('validates the text it previews and leaves the template alone', () => {
      const templates = new TemplateService({ clinic: sydney });
      expect(templateErrorOf(() => templates.preview('Registration', '{{ Patient.nmae }}')).template).to.equal('Registration');
      templates.preview('Registration', 'Hello');
      expect(templates.get('Registration').source).to.equal('default');
    });
  });

  describe('problems an author can act on', () => {
    const service = () => new TemplateService({ clinic: sydney, acceptedWords: DEFAULT_WORDS });
    const detailsOf = (name: string, text: string) => templateErrorOf(() => service().validate(name, text)).details;

    it('gives each problem its place in the text and a fix', () => {
      expect(detailsOf('Registration', 'Hi\nthere {{ Patient.nmae }}')).to.deep.equal([
        {
          template: 'Registration',
          problem: 'unknown variable Patient.nmae',
          fix:
            'did you mean Patient.name? This template may use: Patient.name, Patient.firstName, Patient.id, Patient.telecom.mobile,' +
            ' Practitioner.name, Practitioner.id, Appointment.id, Appointment.start, Appointment.start.date, Appointment.start.time,' +
            ' Appointment.status, clinic.name, clinic.phone',
          line: 2,
          column: 10,
        },
      ]);
      expect(detailsOf('Registration', 'Hi\n{% for i in (1..3) %}x')[0]).to.deep.include({
        problem: 'syntax error: tag {% for i in (1..3) %} not closed',
        line: 2,
        column: 1,
        fix: 'add {% endfor %} where the for block ends',
      });
      expect(detailsOf('Registration', '{{ Patient.name | upcse }}')[0]!.fix).to.match(/^did you mean "upcase"\?/);
      expect(detailsOf('Registration', 'Hi {{ Patient.name }')[0]).to.deep.include({
        line: 1,
        column: 4,
        fix: 'close it with }} (and close any quote inside it)',
      });
      expect(detailsOf('Registration', '{% endif %}')[0]!.fix).to.match(/^there is no open block for \{% endif %\}/);
      expect(detailsOf('Registraton', 'Hi')[0]).to.deep.include({ problem: 'unknown template' });
      expect(detailsOf('Registraton', 'Hi')[0]!.fix).to.match(/^did you mean Registration\? Known templates: Registration, /);
      expect(detailsOf('Help', 'Hi {% render "x" %}')[0]).to.deep.include({ line: 1, column: 4, fix: 'write the text into the template itself' });
      expect(detailsOf('Help', '')[0]).to.deep.include({ problem: 'is empty' });
    });

    it('lists the problems of several templates with where each came from', () => {
      const problems = TemplateService.problemsIn({ clinic: sydney, configured: { VideoInvite: 'Join now. Reply JOINED.' }, edited: { Help: '{{ x' } });
      expect(problems.map((p) => [p.template, p.origin])).to.deep.equal([
        ['VideoInvite', 'config'],
        ['Help', 'edited'],
      ]);
      expect(problems[0]!.problem).to.equal('must contain {{ url }} (the video link the patient taps)');
      expect(TemplateService.problemsIn({ clinic: sydney, configured: { Help: 'Call us.' } })).to.deep.equal([]);
    });
  });

  describe('length: what an SMS can carry', () => {
    // 57 characters whose loop renders to far more than Twilio accepts (issue 9).
    const LOOPING = '{% for i in (1..40) %}{{ Patient.firstName }}{% endfor %}';

    it('refuses a template that renders too long with the longest plausible values, naming length and segments', () => {
      const error = templateErrorOf(() => new TemplateService({ clinic: sydney }).set('Registration', LOOPING));
      expect(error.template).to.equal('Registration');
      expect(error.message).to.equal(
        'Template Registration: renders to up to 1,683 characters (11 GSM-7 SMS segments) with the longest plausible names, dates and' +
          " links, counting the 83-character notice on a number's last text of the day; an SMS can carry at most 1,600 (Twilio refuses" +
          ' longer texts); shorten the text or its loops',
      );
    });

    it('checks configured texts on load, and takes a lower limit when given one', () => {
      expect(() => new TemplateService({ clinic: sydney, configured: { Registration: LOOPING } })).to.throw(TemplateError, /\[config\]$/);
      const tight = new TemplateService({ clinic: sydney, maxMessageLength: 300 });
      expect(templateErrorOf(() => tight.validate('DoctorReady', '{{ Practitioner.name }}: {{ room }} {{ room }} {{ room }} {{ room }}')).message).to.contain(
        'an SMS can carry at most 300',
      );
      expect(() => tight.validate('DoctorReady', 'Please come to {{ room }}.')).not.to.throw();
    });

    it('stops a loop that would stall the host rather than rendering it', () => {
      const started = Date.now();
      const error = templateErrorOf(() => new TemplateService({ clinic: sydney }).validate('Help', '{% for i in (1..200000) %}x{% endfor %}'));
      expect(error.message).to.match(/Help: cannot be rendered: memory alloc limit exceeded .*make its loops shorter/);
      expect(Date.now() - started).to.be.lessThan(2000);
    });

    it('refuses to render a real text over the limit for sending (coded, without the text)', () => {
      const templates = new TemplateService({ clinic: sydney });
      const room = `room ${'7'.repeat(1600)}`;
      let caught: unknown;
      try {
        templates.render('DoctorReady', { appointment: appointment(), room });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(MessageTooLongError);
      const error = caught as MessageTooLongError;
      expect(error.code).to.equal('CA_ERR_MESSAGE_TOO_LONG');
      expect(error.message).to.match(/^DoctorReady rendered to 1,7\d\d characters \(12 GSM-7 SMS segments\) counting the 83-character notice/);
      expect(error.message).not.to.contain('7777777');
      // The same template with an ordinary room goes out.
      expect(templates.render('DoctorReady', { appointment: appointment(), room: 'room 7' })).to.equal('Dr Lee is ready for you now. Please come to room 7.');
    });

    it('accepts every default text with the longest plausible values', () => {
      expect(() => new TemplateService({ clinic: { ...sydney, name: 'X'.repeat(100) }, configured: { ...DEFAULT_TEMPLATES } })).not.to.throw();
    });
  });
});
