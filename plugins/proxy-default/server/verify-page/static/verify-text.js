/*
 * The languages of the join gate's page: one catalogue each, i18n/<tag>.json (i18next format,
 * plurals as key_one, key_other…; Arabic has zero, one, two, few, many and other). The English
 * is also in verify.html (what a browser shows without JavaScript) and in verify.js (the
 * defaults when a catalogue cannot load). No clinic's name or any other clinic data: the page
 * is the same for every clinic.
 */
window.VERIFY_LANGUAGES = ['en', 'es', 'vi', 'zh-Hans', 'ar'];
