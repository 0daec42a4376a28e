import { expect } from 'chai';
import { MAX_MESSAGE_LENGTH, MessageTooLongError, grouped, overLimit, segmentsOf } from './message-length.js';
import { smsLength } from './sms-length.js';
import { WORST_CASE_LENGTHS, worstCaseContext } from './worst-case.js';

describe('templates/message-length', () => {
  it('allows up to 1,600 characters, the most Twilio accepts', () => {
    expect(MAX_MESSAGE_LENGTH).to.equal(1600);
    expect(overLimit('a'.repeat(1600))).to.equal(undefined);
    expect(overLimit('a'.repeat(1601))).to.deep.include({ characters: 1601 });
  });

  it('counts the text that may be appended (the last-text notice)', () => {
    expect(overLimit('a'.repeat(1593), { reserve: ' notice' })).to.equal(undefined);
    expect(overLimit('a'.repeat(1594), { reserve: ' notice' })?.characters).to.equal(1601);
    expect(overLimit('a'.repeat(100), { limit: 50 })?.sms).to.deep.include({ encoding: 'GSM-7', segments: 1 });
  });

  it('says the segments with their encoding', () => {
    expect(segmentsOf(smsLength('a'))).to.equal('1 GSM-7 SMS segment');
    expect(segmentsOf(smsLength('\u2019'.repeat(71)))).to.equal('2 UCS-2 SMS segments');
    expect(grouped(2069)).to.equal('2,069');
  });

  it('MessageTooLongError names the template, length and segments, never the text', () => {
    const text = `Secret ${'x'.repeat(1700)}`;
    const error = new MessageTooLongError('DoctorReady', overLimit(text)!, 1600, 0);
    expect(error.code).to.equal('CA_ERR_MESSAGE_TOO_LONG');
    expect(error.retryable).to.equal(false);
    expect(error.message).to.equal(
      'DoctorReady rendered to 1,707 characters (12 GSM-7 SMS segments), over the 1,600-character limit of an SMS, so it was not sent;' +
        ' shorten the template (or the values it shows, such as the room text)',
    );
    expect(error.message).not.to.include('Secret');
  });
});

describe('templates/worst-case', () => {
  const clinic = { name: 'Riverside Family Practice', timeZone: 'Australia/Sydney', region: 'AU', locale: 'en-AU' };

  it('uses the longest plausible value of every variable', () => {
    const ctx = worstCaseContext(clinic);
    expect(ctx.appointment!.patient.firstName).to.have.length(WORST_CASE_LENGTHS.firstName);
    expect(ctx.appointment!.patient.name).to.have.length(WORST_CASE_LENGTHS.patientName);
    expect(ctx.appointment!.practitioner.name).to.have.length(WORST_CASE_LENGTHS.practitionerName);
    expect(ctx.appointment!.id).to.have.length(WORST_CASE_LENGTHS.id);
    expect(ctx.room).to.have.length(WORST_CASE_LENGTHS.room);
    expect(ctx.url)
      .to.have.length(WORST_CASE_LENGTHS.url)
      .and.match(/^https:\/\//);
  });

  it('picks the start with the longest written date in the clinic locale', () => {
    const start = new Date(worstCaseContext(clinic).appointment!.start);
    const date = start.toLocaleDateString('en-AU', { timeZone: clinic.timeZone, weekday: 'long', month: 'long' });
    expect(date)
      .to.match(/Wednesday/)
      .and.match(/September/);
    expect(start.toLocaleTimeString('en-AU', { timeZone: clinic.timeZone, hour: 'numeric' })).to.match(/^10/);
  });
});
