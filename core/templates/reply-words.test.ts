import { expect } from 'chai';
import { replyWordProblems, replyWordsIn } from './reply-words.js';

const DEFAULT_WORDS = new Set(['yes', 'y', 'no', 'n', 'arrived', 'here', 'a', 'joined', 'ok', 'j', 'ready']);

describe('templates/reply-words', () => {
  describe('replyWordsIn', () => {
    it('finds capitalised words after a reply verb, including after a comma or "or"', () => {
      expect(replyWordsIn('Reply YES for a video consult, NO to come in.')).to.deep.equal(['yes', 'no']);
      expect(replyWordsIn('Please reply YES or NO.')).to.deep.equal(['yes', 'no']);
    });

    it('finds quoted words in any case', () => {
      expect(replyWordsIn('Please reply "arrived" when you get here.')).to.deep.equal(['arrived']);
      expect(replyWordsIn("Just text 'here' from the car park.")).to.deep.equal(['here']);
      expect(replyWordsIn('Reply \u201cjoined\u201d once you are in.')).to.deep.equal(['joined']);
    });

    it('finds words after text/send/respond/answer too', () => {
      expect(replyWordsIn('Text JOINED once you are in')).to.deep.equal(['joined']);
      expect(replyWordsIn('Send READY when done')).to.deep.equal(['ready']);
    });

    it('finds a single capital letter only right after the verb or "or"', () => {
      expect(replyWordsIn('Reply Y or N.')).to.deep.equal(['y', 'n']);
      expect(replyWordsIn('Reply YES. A video link will follow.')).to.deep.equal(['yes']);
    });

    it('ignores capitals before the verb, in other sentences, and Liquid markup', () => {
      expect(replyWordsIn('Call the GP or reply YES.')).to.deep.equal(['yes']);
      expect(replyWordsIn('Your GP is ACME. We will text you soon.')).to.deep.equal([]);
      expect(replyWordsIn('Reply {{ Practitioner.name }} YES {% if room %}NO{% endif %}')).to.deep.equal(['yes', 'no']);
    });

    it('reads capital words next to each other as one reply, as the engine does', () => {
      expect(replyWordsIn('Reply NO GUEST if you do not want them to.')).to.deep.equal(['noguest']);
      expect(replyWordsIn('Reply YES for video, NO to come in.')).to.deep.equal(['yes', 'no']);
    });

    it('does not take apostrophes for quotes', () => {
      expect(replyWordsIn("Reply YES if you'd like video, we'll text the link.")).to.deep.equal(['yes']);
    });

    it('lists each word once', () => {
      expect(replyWordsIn('Reply YES. Or reply YES later.')).to.deep.equal(['yes']);
    });
  });

  describe('replyWordProblems', () => {
    it('accepts words the engine knows', () => {
      expect(replyWordProblems('ConsiderTeleHealth', 'Reply YES or NO', DEFAULT_WORDS)).to.deep.equal([]);
    });

    it('rejects words the engine does not know, naming the word', () => {
      const problems = replyWordProblems('ConsiderTeleHealth', 'Reply VIDEO or CLINIC', DEFAULT_WORDS);
      expect(problems).to.have.length(2);
      expect(problems[0]).to.contain('"VIDEO"');
      expect(problems[1]).to.contain('"CLINIC"');
    });

    it('does not check unknown words when no keyword set is given', () => {
      expect(replyWordProblems('ConsiderTeleHealth', 'Reply VIDEO', undefined)).to.deep.equal([]);
    });

    it('always rejects opt-out words outside Help, even without a keyword set', () => {
      expect(replyWordProblems('Cancellation', 'Reply CANCEL to cancel', undefined)[0]).to.contain('opts their number out');
      expect(replyWordProblems('Registration', 'Reply STOP to stop', DEFAULT_WORDS)[0]).to.contain('opts their number out');
    });

    it('allows carrier words in Help only', () => {
      const help = 'Reply STOP to opt out, START to opt back in, HELP for help.';
      expect(replyWordProblems('Help', help, DEFAULT_WORDS)).to.deep.equal([]);
      expect(replyWordProblems('Unexpected', 'Reply HELP for help.', DEFAULT_WORDS)).to.have.length(1);
      expect(replyWordProblems('Help', 'Reply QUIT to opt out.', DEFAULT_WORDS)[0]).to.contain('opts their number out');
    });
  });
});
