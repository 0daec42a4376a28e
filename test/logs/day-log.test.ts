import { expect } from 'chai';
import { runLoggedDay, type LoggedDay } from './logged-day.js';
import { patientDataIn } from './patient-data.js';
import { parseLogLines, parseStrictJson, StrictJsonError } from './strict-json.js';

const INFO = 30;

describe('logs of a whole clinic day', function () {
  this.timeout(60_000);

  it('the strict parser refuses a repeated key, which JSON.parse lets through', function () {
    const line = '{"level":30,"plugin":"sms-twilio","plugin":"sms-twilio","msg":"sent"}';
    expect(JSON.parse(line)).to.deep.equal({ level: 30, plugin: 'sms-twilio', msg: 'sent' });
    expect(() => parseStrictJson(line)).to.throw(StrictJsonError, 'repeated key "plugin"');
    expect(() => parseStrictJson('{"a":{"b":1,"b":2}}')).to.throw(StrictJsonError, 'repeated key "b"');
    expect(() => parseStrictJson('{"a":1} plain text')).to.throw(StrictJsonError, 'text after the value');
    expect(parseStrictJson('{"a":[1,-2.5e3,"x\\"y\\u00e9",true,null,{}],"b":{"a":1}}')).to.deep.equal({ a: [1, -2500, 'x"yé', true, null, {}], b: { a: 1 } });
  });

  it('the patient-data check finds a number in any format, a name and a text', function () {
    const seeded = [{ patient: { name: 'Jamie Nguyen', firstName: 'Jamie', mobile: '0491 570 156', birthDate: '1957-03-14' } }];
    const text = 'Hi Jamie, about your 10:00 am appointment: reply YES for a video consult from home.';
    for (const number of ['+61491570156', '0491 570 156', '0491-570-156', '+61 491 570 156', '491570156']) {
      expect(patientDataIn(`{"to":"${number}"}`, seeded, []).map((f) => f.kind)).to.deep.equal(['number']);
    }
    expect(patientDataIn('{"who":"Nguyen"}', seeded, []).map((f) => f.kind)).to.deep.equal(['name']);
    expect(patientDataIn('{"dob":"1957-03-14"}', seeded, []).map((f) => f.kind)).to.deep.equal(['birth date']);
    expect(patientDataIn('{"x":"reply YES for a video consult from home."}', [], [text]).map((f) => f.kind)).to.deep.equal(['text']);
    expect(patientDataIn('{"body":"YES"}', [], ['YES']).map((f) => f.kind)).to.deep.equal(['text']);
    expect(patientDataIn('{"level":30,"time":"2026-11-23T09:00:00.000Z","pid":491570,"msg":"host stopped"}', seeded, [text, 'YES'])).to.deep.equal([]);
  });

  describe('at info', function () {
    let day: LoggedDay;
    before(async function () {
      day = await runLoggedDay('info');
    });

    it('writes every line as one JSON object with no key twice', function () {
      const entries = parseLogLines(day.log);
      expect(entries.length, 'the day was logged').to.be.greaterThan(2);
      expect(entries.map((entry) => entry.msg)).to.include.members(['demo day seeded in the simulated PMS', 'local API listening', 'host stopped']);
      expect(entries.every((entry) => typeof entry.level === 'number' && typeof entry.time === 'string')).to.equal(true);
    });

    it('holds no patient number, name, birth date or text in any line', function () {
      expect(day.appointments.length, 'the demo day was seeded').to.be.greaterThanOrEqual(4);
      expect(day.texts.length, 'texts were sent and received').to.be.greaterThan(6);
      const lines = day.log.split('\n').filter(Boolean);
      const found = lines.map((line) => ({ line, findings: patientDataIn(line, day.appointments, day.texts) })).filter(({ findings }) => findings.length > 0);
      expect(found, 'lines with patient data').to.deep.equal([]);
    });
  });

  describe('at debug (every call site that logs)', function () {
    let day: LoggedDay;
    before(async function () {
      day = await runLoggedDay('debug');
    });

    it('writes every line, debug ones included, as one JSON object with no key twice', function () {
      const entries = parseLogLines(day.log);
      expect(
        entries.some((entry) => (entry.level as number) < INFO),
        'debug lines were written',
      ).to.equal(true);
    });

    it('keeps patient data out of its info-and-above lines too', function () {
      const above = day.log
        .split('\n')
        .filter(Boolean)
        .filter((line) => (JSON.parse(line) as { level: number }).level >= INFO);
      const found = above.filter((line) => patientDataIn(line, day.appointments, day.texts).length > 0);
      expect(found).to.deep.equal([]);
    });
  });
});
