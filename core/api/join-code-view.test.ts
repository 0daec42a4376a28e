import { expect } from 'chai';
import type { ConversationOutboxEntry } from '../store/store.js';
import { outgoingTextView } from './views.js';

const PHONE = '+61412345678';

function entry(template: string, body: string): ConversationOutboxEntry {
  return { id: 7, key: 'k', to: PHONE, template, body, status: 'sent', attempts: 1, createdAt: 0, updatedAt: 0, appointmentId: 'a1' };
}

describe("reception's view of a join-code text", () => {
  it('shows that the code went, never its digits', () => {
    const view = outgoingTextView(entry('JoinCode', 'Your code for the video consult: 048213. It works for 15 minutes.'), PHONE);
    expect(view.text).to.equal('Your code for the video consult: ••••••. It works for 15 minutes.');
    expect(view.template).to.equal('JoinCode');
  });

  it('leaves other texts as they were', () => {
    const text = 'Your appointment is at 10:30 on 123456 Street.';
    expect(outgoingTextView(entry('Registration', text), PHONE).text).to.equal(text);
  });
});
