import { expect } from 'chai';
import { acceptedWords, buildKeywordMap, DEFAULT_KEYWORDS, keywordProblems, normaliseReply } from '../../core/engine/keywords.js';

describe('engine keywords', () => {
  it('normaliseReply lower-cases and keeps only letters and digits', () => {
    expect(normaliseReply('  Yes! ')).to.equal('yes');
    expect(normaliseReply('Y.E.S')).to.equal('yes');
    expect(normaliseReply('STOP ALL')).to.equal('stopall');
    expect(normaliseReply('👍')).to.equal('');
  });

  it('the defaults map each word to its intent', () => {
    const map = buildKeywordMap();
    expect(DEFAULT_KEYWORDS.joined).to.include('ready');
    expect([...map]).to.deep.include.members([
      ['y', 'yes'],
      ['n', 'no'],
      ['here', 'arrived'],
      ['ok', 'joined'],
    ]);
  });

  it('config extras are normalised and added; reserved or clashing extras are never added', () => {
    const map = buildKeywordMap({ yes: ['Yep!'], arrived: ['stop', 'In the car park'], joined: ['y'] });
    expect(map.get('yep')).to.equal('yes');
    expect(map.get('inthecarpark')).to.equal('arrived');
    expect(map.has('stop')).to.equal(false);
    expect(map.get('y')).to.equal('yes');
  });

  it('keywordProblems names each bad extra with its config key', () => {
    expect(keywordProblems({ yes: ['yep'], no: [], arrived: ['here now'], joined: [] })).to.deep.equal([]);
    expect(
      keywordProblems({
        yes: ['Start'],
        no: ['y', '!!'],
        arrived: ['stop', 'help'],
        joined: ['inside'],
      }),
    ).to.deep.equal([
      'workflow.keywords.yes: "Start" is a carrier opt-in word and cannot be a workflow keyword',
      'workflow.keywords.no: "y" is already a keyword for "yes"; a word can mean only one thing',
      'workflow.keywords.no: "!!" has no letters or digits, so no reply can match it',
      'workflow.keywords.arrived: "stop" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.arrived: "help" is a help word and cannot be a workflow keyword',
    ]);
  });

  it('a word listed under two intents in config is reported once, on the second', () => {
    expect(keywordProblems({ yes: [], no: [], arrived: ['inside'], joined: ['Inside'] })).to.deep.equal([
      'workflow.keywords.joined: "Inside" is already a keyword for "arrived"; a word can mean only one thing',
    ]);
  });

  it("GUEST is a built-in word; a guest extra may be no carrier word and no other intent's word", () => {
    expect(buildKeywordMap().get('guest')).to.equal('guest');
    expect(buildKeywordMap({ guest: ['visitor'] }).get('visitor')).to.equal('guest');
    const problems = keywordProblems({ guest: ['STOP', 'unsubscribe', 'StopAll', 'quit', 'End', 'cancel', 'ready', 'visitor'], joined: ['guest'] });
    expect(problems).to.deep.equal([
      'workflow.keywords.joined: "guest" is already a keyword for "guest"; a word can mean only one thing',
      'workflow.keywords.guest: "STOP" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "unsubscribe" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "StopAll" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "quit" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "End" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "cancel" is a carrier opt-out word and cannot be a workflow keyword',
      'workflow.keywords.guest: "ready" is already a keyword for "joined"; a word can mean only one thing',
    ]);
  });

  it('acceptedWords covers workflow, opt-out, opt-in and help words', () => {
    const words = acceptedWords({ keywords: buildKeywordMap({ yes: ['yep'] }) });
    for (const word of ['yes', 'yep', 'arrived', 'joined', 'stop', 'start', 'unstop', 'help', 'info']) expect(words.has(word), word).to.equal(true);
    expect(words.has('maybe')).to.equal(false);
  });
});
