import { expect } from 'chai';
import { buildReplyWordLists } from '../../core/engine/keyword-lists.js';
import { clinicCalendar } from '../../core/engine/calendar.js';
import { answerWithDay, isOnDay, replyWithDay } from '../../core/engine/reply-day.js';
import { defaultWorkflow, local, TZ } from './fixtures.js';

/** A reply word plus a day word, read from the raw text (replies are normalised to letters run together). */
describe('replies naming a day (core/engine/reply-day.ts)', () => {
  const lists = buildReplyWordLists(defaultWorkflow());
  const read = (body: string, language?: string) => answerWithDay(body, [language], lists);

  it('English: today, tomorrow and weekday names, before or after the answer, any case and punctuation', () => {
    expect(read('YES TOMORROW')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('no, today!')).to.deep.equal({ intent: 'no', day: { kind: 'today' } });
    expect(read('Tomorrow - yes')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('Y tmrw')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('yes Friday')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 5 } });
    expect(read('NO WED')).to.deep.equal({ intent: 'no', day: { kind: 'weekday', weekday: 3 } });
  });

  it('Spanish, accents or not', () => {
    expect(read('Sí mañana', 'es')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('si manana', 'es-MX')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('No hoy', 'es')).to.deep.equal({ intent: 'no', day: { kind: 'today' } });
    expect(read('sí, el miércoles', 'es')).to.equal(undefined);
    expect(read('sí miércoles', 'es')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 3 } });
  });

  it('Vietnamese, with its marks or typed without them', () => {
    expect(read('Có, ngày mai', 'vi')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('co ngay mai', 'vi')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('Không hôm nay', 'vi')).to.deep.equal({ intent: 'no', day: { kind: 'today' } });
    expect(read('có thứ ba', 'vi')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 2 } });
  });

  it('Simplified Chinese, with or without spaces', () => {
    expect(read('是明天', 'zh-Hans')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('今天 是的', 'zh-CN')).to.deep.equal({ intent: 'yes', day: { kind: 'today' } });
    expect(read('星期二 是', 'zh-Hans')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 2 } });
    expect(read('周五 是', 'zh-Hans')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 5 } });
  });

  it('Arabic, with or without harakat', () => {
    expect(read('نعم غداً', 'ar')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('نعم غدا', 'ar')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
    expect(read('لا اليوم', 'ar')).to.deep.equal({ intent: 'no', day: { kind: 'today' } });
    expect(read('نعم الثلاثاء', 'ar')).to.deep.equal({ intent: 'yes', day: { kind: 'weekday', weekday: 2 } });
  });

  it('English day words work for a patient of any language', () => {
    expect(read('sí tomorrow', 'es')).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
  });

  it('no answer word, no day, an opt-out word or a plain answer: nothing', () => {
    expect(read('tomorrow')).to.equal(undefined);
    expect(read('yes')).to.equal(undefined);
    expect(read('see you tomorrow')).to.equal(undefined);
    expect(read('stop tomorrow')).to.equal(undefined);
    expect(read('cancel tomorrow')).to.equal(undefined);
  });

  it('readings in the languages of a family phone that agree count once', () => {
    expect(answerWithDay('yes tomorrow', ['en', 'es'], lists)).to.deep.equal({ intent: 'yes', day: { kind: 'tomorrow' } });
  });

  it('places a named day against a start in the clinic zone', () => {
    const calendar = clinicCalendar(local('2026-11-23T10:00'), TZ, 7);
    expect(isOnDay({ kind: 'today' }, local('2026-11-23T12:00'), calendar)).to.equal(true);
    expect(isOnDay({ kind: 'tomorrow' }, local('2026-11-24T09:30'), calendar)).to.equal(true);
    expect(isOnDay({ kind: 'tomorrow' }, local('2026-11-23T23:30'), calendar)).to.equal(false);
    expect(isOnDay({ kind: 'weekday', weekday: 2 }, local('2026-11-24T09:30'), calendar)).to.equal(true);
    expect(isOnDay({ kind: 'weekday', weekday: 3 }, local('2026-11-24T09:30'), calendar)).to.equal(false);
  });

  it('what a template asking for "YES TODAY" asks for: YES', () => {
    expect(replyWithDay('yestoday')).to.equal('yes');
    expect(replyWithDay('notomorrow')).to.equal('no');
    expect(replyWithDay('simanana', 'es')).to.equal('si');
    expect(replyWithDay('yes')).to.equal(undefined);
  });
});
