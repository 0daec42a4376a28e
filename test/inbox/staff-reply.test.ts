import { expect } from 'chai';
import { decideStaffReply, STAFF_REPLY_MAX_CHARS, STAFF_REPLY_MAX_SEGMENTS, staffReplyKey, type StaffReplyRequest } from '../../core/engine/staff-reply.js';
import { OTHER_PHONE, PHONE, Scenario } from '../workflow/fixtures.js';

function request(over: Partial<StaffReplyRequest> = {}): StaffReplyRequest {
  return { requestId: 'req-1', to: PHONE, text: 'Yes, you can bring him.', renderedSegments: 1, ...over };
}

function decide(s: Scenario, over: Partial<StaffReplyRequest> = {}) {
  return decideStaffReply(s.state(), s.settings(), request(over));
}

describe('engine: a staff reply from the inbox', () => {
  it('is one StaffReply send keyed by the request id, the text passed as a variable, with the matched appointment', () => {
    const s = Scenario.at('10:00').appointment('tomorrow', { at: '09:00', day: 1 });
    const appointment = s.find('tomorrow');
    expect(decide(s, { appointment })).to.deep.equal({
      kind: 'send',
      decision: {
        step: 'staff-reply',
        appointmentId: 'tomorrow',
        effects: [{ type: 'send', key: 'staff-reply:req-1', to: PHONE, template: 'StaffReply', vars: { text: 'Yes, you can bring him.' }, appointment }],
      },
    });
  });

  it('keys a repeated request the same, so the outbox sends it once; another request gets another key', () => {
    const s = Scenario.at('10:00');
    const first = decide(s);
    const again = decide(s);
    const other = decide(s, { requestId: 'req-2' });
    const keyOf = (d: ReturnType<typeof decide>) => (d.kind === 'send' ? (d.decision.effects[0] as { key: string }).key : d.key);
    expect(keyOf(first)).to.equal(staffReplyKey('req-1')).and.equal(keyOf(again));
    expect(keyOf(other)).to.equal('staff-reply:req-2');
  });

  it('is refused for a number that opted out (STOP binds reception too)', () => {
    const s = Scenario.at('10:00');
    s.optedOut.add(PHONE);
    expect(decide(s)).to.deep.equal({ kind: 'refused', reason: 'opted-out', key: 'staff-reply:req-1' });
    expect(decide(s, { to: OTHER_PHONE }).kind).to.equal('send');
  });

  it('counts against the daily cap: the last allowed one is flagged, past the cap it is refused', () => {
    const s = Scenario.at('10:00');
    s.workflow.dailyCapPerNumber = 3;
    s.sentToday.set(PHONE, 2);
    const last = decide(s);
    expect(last.kind === 'send' && last.decision.effects[0]).to.include({ type: 'send', lastToday: true });
    s.sentToday.set(PHONE, 3);
    expect(decide(s)).to.include({ kind: 'refused', reason: 'daily-cap' });
  });

  it('waits for the sending window: refused in quiet hours, sent inside it', () => {
    const s = Scenario.at('20:00');
    expect(decide(s)).to.include({ kind: 'refused', reason: 'quiet-hours' });
    s.setTime('07:59');
    expect(decide(s)).to.include({ kind: 'refused', reason: 'quiet-hours' });
    s.setTime('08:00');
    expect(decide(s).kind).to.equal('send');
  });

  it('honours the test-mode whitelist', () => {
    const s = Scenario.at('10:00');
    s.whitelist = new Set([OTHER_PHONE]);
    expect(decide(s)).to.include({ kind: 'refused', reason: 'whitelist' });
  });

  it('refuses an empty text and one too long as written or as rendered', () => {
    const s = Scenario.at('10:00');
    expect(decide(s, { text: '  \n ' })).to.include({ kind: 'refused', reason: 'empty' });
    expect(decide(s, { text: 'x'.repeat(STAFF_REPLY_MAX_CHARS + 1) })).to.include({ kind: 'refused', reason: 'too-long' });
    expect(decide(s, { renderedSegments: STAFF_REPLY_MAX_SEGMENTS + 1 })).to.include({ kind: 'refused', reason: 'too-long' });
    expect(decide(s, { text: 'x'.repeat(STAFF_REPLY_MAX_CHARS), renderedSegments: STAFF_REPLY_MAX_SEGMENTS }).kind).to.equal('send');
  });
});
