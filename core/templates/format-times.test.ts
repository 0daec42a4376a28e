import { expect } from 'chai';
import { DateTime } from 'luxon';
import { formatTimes } from './format-times.js';
import { TemplateService } from './template-service.js';

const TZ = 'Australia/Sydney';
const at = (iso: string) => DateTime.fromISO(iso, { zone: TZ }).toMillis();
const clinicIn = (locale: string) => ({ name: 'Riverside Family Practice', phone: '02 9374 4000', timeZone: TZ, region: 'AU', locale });

describe('templates: instants a send carries (times.estimate, times.choices)', () => {
  it('English: the estimate as a time, the choices as day and time joined with "or", in the clinic zone', () => {
    const formatted = formatTimes({ estimate: at('2026-12-05T10:40'), choices: [at('2026-12-05T14:00'), at('2026-12-09T09:30')] }, TZ, 'en-AU');
    expect(formatted).to.deep.equal({ estimate: '10:40 am', choices: 'Sat 5 Dec, 2:00 pm or Wed 9 Dec, 9:30 am' });
    expect(formatTimes({ choices: [at('2026-12-05T14:00'), at('2026-12-06T08:00'), at('2026-12-09T09:30')] }, TZ, 'en-AU').choices).to.equal(
      'Sat 5 Dec, 2:00 pm, Sun 6 Dec, 8:00 am or Wed 9 Dec, 9:30 am',
    );
  });

  it('another language: Spanish words and "o", the same instants', () => {
    const formatted = formatTimes({ estimate: at('2026-12-05T10:40'), choices: [at('2026-12-05T14:00'), at('2026-12-09T09:30')] }, TZ, 'es-AU');
    expect(formatted.estimate).to.match(/^10:40/);
    expect(formatted.choices).to.match(/^sáb 5 dic, .*14:00 o mié 9 dic, .*9:30/);
  });

  it('the zone is the clinic zone, not the host zone', () => {
    // 23:30 UTC on 4 Dec is 10:30 on 5 Dec in Sydney.
    expect(formatTimes({ estimate: Date.parse('2026-12-04T23:30:00Z') }, TZ, 'en-AU').estimate).to.equal('10:30 am');
  });

  it('a render fills {{ choices }} and {{ estimate }} from times, in the service language', () => {
    const english = new TemplateService({ clinic: clinicIn('en-AU') });
    const text = english.render('WhichAppointment', { times: { choices: [at('2026-12-05T14:00'), at('2026-12-09T09:30')] } });
    expect(text).to.equal(
      'Riverside Family Practice: which appointment do you mean (Sat 5 Dec, 2:00 pm or Wed 9 Dec, 9:30 am)? Reply with the day too, like YES today or NO tomorrow.',
    );
    const spanish = new TemplateService({ clinic: clinicIn('es-AU'), language: 'es', configured: { WhichAppointment: '¿Cuál: {{ choices }}?' } });
    expect(spanish.render('WhichAppointment', { times: { choices: [at('2026-12-05T14:00'), at('2026-12-09T09:30')] } })).to.match(
      /^¿Cuál: sáb 5 dic, .* o mié 9 dic, .*\?$/,
    );
  });

  it('a send without the times its template needs is refused, naming the variable', () => {
    const english = new TemplateService({ clinic: clinicIn('en-AU') });
    expect(() => english.render('WhichAppointment', {})).to.throw(/needs \{\{ choices \}\}/);
  });
});
