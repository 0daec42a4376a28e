import type { Intent } from './workflow-settings.js';

/**
 * The reply words every clinic gets in languages other than English (English is
 * `DEFAULT_KEYWORDS`), by the tag the patient's language resolves to (`zh-CN` → `zh-Hans`, see
 * core/i18n/language.ts). Written as the normaliser reads them for that language
 * (`normaliseReplyFor(word, tag)`): Spanish without accents, Vietnamese with its tones plus the
 * common unaccented typing, Arabic without harakat, words of a phrase run together ("ĐÃ ĐẾN" is
 * `đãđến`). The shipped texts ask for these words (SI, CÓ, 「是」, نعم …). None of them is an
 * English keyword of another intent, so the English fallback never reads them differently.
 * The `wait` words ("how long?", issue 18) are for asking, not asked for: no text names them.
 * `workflow.keywords` (every language) and `workflow.keywordsByLanguage` add to them.
 */
export const SHIPPED_KEYWORDS: Readonly<Record<string, Readonly<Record<Intent, readonly string[]>>>> = Object.freeze({
  es: {
    yes: ['si'],
    no: ['no'],
    arrived: ['llegue', 'aqui'],
    joined: ['dentro', 'listo'],
    guest: ['invitado'],
    code: ['codigo'],
    refuseGuest: ['sininvitado'],
    wait: ['espera', 'cuantofalta', 'cuantotiempo', 'cuantoqueda', 'retraso'],
  },
  vi: {
    yes: ['có', 'co', 'vâng'],
    no: ['không', 'khong'],
    arrived: ['đến', 'đãđến', 'den', 'daden'],
    joined: ['vào', 'đãvào', 'vao'],
    guest: ['khách', 'khach'],
    code: ['mã', 'ma'],
    refuseGuest: ['khôngkhách', 'khongkhach'],
    // Not the unaccented `doi` for đợi: it is also đổi (change) and đói (hungry).
    wait: ['chờ', 'đợi', 'baolâu', 'baolau', 'chờbaolâu', 'chobaolau', 'baolâunữa', 'baolaunua'],
  },
  'zh-Hans': {
    yes: ['是', '是的', '好'],
    no: ['不', '不是', '否'],
    arrived: ['到了', '已到'],
    joined: ['已加入', '加入了'],
    guest: ['客人'],
    code: ['验证码'],
    refuseGuest: ['不要客人'],
    wait: ['等', '多久', '等多久', '还要多久', '还要等多久', '要等多久'],
  },
  ar: {
    yes: ['نعم'],
    no: ['لا'],
    arrived: ['وصلت'],
    joined: ['دخلت'],
    guest: ['ضيف'],
    code: ['رمز'],
    refuseGuest: ['بدونضيف'],
    // كم المدة typed with ه for ة as well, as many phones' users do.
    wait: ['انتظار', 'كمالمدة', 'كمالمده', 'كممنالوقت', 'متى'],
  },
});
