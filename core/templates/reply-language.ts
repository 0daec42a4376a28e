import { primaryLanguage } from '../i18n/language.js';
import { normaliseReplyFor } from '../engine/normalise-reply.js';

/**
 * How the reply-word checker reads one language's texts: the words that ask for a reply (as
 * the normaliser reads them for that language) and the words for "or". Written without spaces
 * (Chinese) a verb counts wherever it appears in a run of text. A language not listed here is
 * read with the English verbs (a translation may keep "Reply YES").
 */
export interface ReplyGrammar {
  verbs: ReadonlySet<string>;
  or: ReadonlySet<string>;
  /** Words are not separated by spaces: a verb anywhere in a run counts. */
  unspaced: boolean;
}

const grammar = (language: string, verbs: string[], or: string[], unspaced = false): ReplyGrammar => ({
  verbs: new Set(
    verbs.map((verb) =>
      verb
        .split(' ')
        .map((word) => normaliseReplyFor(word, language))
        .join(' '),
    ),
  ),
  or: new Set(or.map((word) => normaliseReplyFor(word, language))),
  unspaced,
});

const ENGLISH = grammar('en', ['reply', 'text', 'send', 'respond', 'answer'], ['or']);

const GRAMMARS: Readonly<Record<string, ReplyGrammar>> = {
  en: ENGLISH,
  es: grammar(
    'es',
    ['responda', 'responde', 'responder', 'conteste', 'contesta', 'contestar', 'envíe', 'envía', 'enviar', 'escriba', 'escribe', 'mande', 'manda'],
    ['o', 'u'],
  ),
  // "trả lời" (reply) is two words; nhắn (text), gửi (send), soạn (type).
  vi: grammar('vi', ['trả lời', 'nhắn', 'gửi', 'soạn'], ['hoặc', 'hay']),
  zh: grammar('zh', ['回复', '回覆', '發送', '发送', '输入', '輸入'], ['或', '或者'], true),
  uk: grammar('uk', ['відповідайте', 'відповідай', 'надішліть', 'напишіть'], ['або']),
  // The imperatives and the verbal nouns of "please send / reply" (يرجى إرسال، يرجى الرد), also
  // with "and" joined on (وإرسال).
  ar: grammar(
    'ar',
    ['أرسل', 'أرسلوا', 'إرسال', 'رد', 'ردوا', 'الرد', 'بالرد', 'اكتب', 'أجب'].flatMap((verb) => [verb, `و${verb}`]),
    ['أو'],
  ),
};

/** The grammar for a language tag (its primary subtag), English when there is none. */
export function replyGrammarFor(language: string | undefined): ReplyGrammar {
  return (language && GRAMMARS[primaryLanguage(language)]) || ENGLISH;
}
