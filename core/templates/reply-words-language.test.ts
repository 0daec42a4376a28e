import { expect } from 'chai';
import { replyWordProblems, replyWordsIn } from './reply-words.js';
import { acceptedWordsIn, buildReplyWordLists } from '../engine/keyword-lists.js';

const NO_EXTRAS = { yes: [], no: [], arrived: [], joined: [], guest: [], code: [], refuseGuest: [], wait: [] };

describe('templates/reply-words in other languages', () => {
  it("finds capitalised words after the language's reply verbs, read as that language's normaliser reads them", () => {
    expect(replyWordsIn('Responda SÍ para una videoconsulta, NO para venir a la clínica.', 'es')).to.deep.equal(['si', 'no']);
    expect(replyWordsIn('Cuando llegue, responda LLEGUÉ. Si no quiere invitados, responda SIN INVITADO.', 'es')).to.deep.equal(['llegue', 'sininvitado']);
    expect(replyWordsIn('Trả lời CÓ để khám qua video, KHÔNG để đến phòng khám.', 'vi')).to.deep.equal(['có', 'không']);
    expect(replyWordsIn('Khi đến nơi, hãy nhắn ĐÃ ĐẾN.', 'vi')).to.deep.equal(['đãđến']);
    expect(replyWordsIn('Trả lời KHÔNG KHÁCH nếu bạn không muốn.', 'vi')).to.deep.equal(['khôngkhách']);
  });

  it('finds quoted words in scripts without capitals, phrases included', () => {
    expect(replyWordsIn('请回复「是」进行视频问诊，回复「不」来诊所。', 'zh-CN')).to.deep.equal(['是', '不']);
    expect(replyWordsIn('到达后请回复“到了”。', 'zh-Hans')).to.deep.equal(['到了']);
    expect(replyWordsIn('أرسل «نعم» لاستشارة بالفيديو أو «لا» للحضور إلى العيادة.', 'ar')).to.deep.equal(['نعم', 'لا']);
    expect(replyWordsIn('أرسل «بدون ضيف» إذا كنت لا تريد ذلك.', 'ar')).to.deep.equal(['بدونضيف']);
    expect(replyWordsIn('إن كنت لا تريد ذلك، يرجى إرسال «بدون ضيف».', 'ar')).to.deep.equal(['بدونضيف']);
    expect(replyWordsIn('يرجى الحضور، وإرسال «وصلت» عند وصولك.', 'ar')).to.deep.equal(['وصلت']);
    // Latin capitals inside Chinese text are a word of their own.
    expect(replyWordsIn('回复STOP可停止接收短信。', 'zh-Hans')).to.deep.equal(['stop']);
  });

  it('ignores capitals before the verb and words the language does not ask for', () => {
    expect(replyWordsIn('Su GP es ACME. Responda SÍ.', 'es')).to.deep.equal(['si']);
    expect(replyWordsIn('Bác sĩ ĐANG chờ.', 'vi')).to.deep.equal([]);
  });

  it('English texts read as before', () => {
    expect(replyWordsIn('Reply YES for a video consult, NO to come in.', 'en')).to.deep.equal(['yes', 'no']);
    expect(replyWordsIn('Reply NO GUEST if you do not want them to.')).to.deep.equal(['noguest']);
  });

  it("checks the words against the language's list plus the English fallback", () => {
    const lists = buildReplyWordLists({ keywords: NO_EXTRAS, keywordsByLanguage: { uk: { yes: ['так'], no: ['ні'] } } });
    const es = acceptedWordsIn(lists, 'es');
    expect(replyWordProblems('ConsiderTeleHealth', 'Responda SÍ o NO. También puede responder YES.', es, 'es')).to.deep.equal([]);
    expect(replyWordProblems('ConsiderTeleHealth', 'Responda VALE para video.', es, 'es')).to.deep.equal([
      'asks patients to reply "VALE", which is not a keyword the host understands (add it to workflow.keywordsByLanguage.es; if it is not meant as a reply, write it in lower case)',
    ]);
    const vi = acceptedWordsIn(lists, 'vi');
    expect(replyWordProblems('ConsiderTeleHealth', 'Trả lời CÓ hoặc KHÔNG.', vi, 'vi')).to.deep.equal([]);
    expect(replyWordProblems('ConsiderTeleHealth', '请回复「是」或「不」。', acceptedWordsIn(lists, 'zh-CN'), 'zh-CN')).to.deep.equal([]);
    expect(replyWordProblems('ConsiderTeleHealth', 'أرسل «نعم» أو «لا».', acceptedWordsIn(lists, 'ar'), 'ar')).to.deep.equal([]);
    // A Spanish word is not a Vietnamese patient's.
    expect(replyWordProblems('ConsiderTeleHealth', 'Trả lời SI.', vi, 'vi')).to.have.length(1);
    // The words a config adds for a language count for it.
    expect(replyWordsIn('Надішліть ТАК або НІ.', 'uk')).to.deep.equal(['так', 'ні']);
    expect(replyWordProblems('ConsiderTeleHealth', 'Надішліть ТАК або НІ.', acceptedWordsIn(lists, 'uk'), 'uk')).to.deep.equal([]);
    expect(replyWordProblems('ConsiderTeleHealth', 'Надішліть ДА.', acceptedWordsIn(lists, 'uk'), 'uk')).to.have.length(1);
    // Opt-out words stay refused in every language.
    expect(replyWordProblems('Registration', 'Responda STOP.', es, 'es')[0]).to.contain('opts their number out');
  });
});
