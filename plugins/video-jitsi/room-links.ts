import type { JitsiLinkHints } from './options.js';
import type { JitsiRole } from './room-tokens.js';

/**
 * Jitsi URL config overrides for one role, as `config.<key>=<JSON value>` pairs for the
 * fragment. The fragment never reaches the server; the Jitsi web app reads it, and only for
 * keys the deployment allows to be overridden.
 */
export function configHints(hints: JitsiLinkHints, role: JitsiRole): string[] {
  const pairs: string[] = [`config.prejoinConfig.enabled=${hints.prejoinPage}`];
  if (hints.doNotStoreRoom) pairs.push('config.doNotStoreRoom=true');
  // A guest gets the patient's hints: no invite buttons to pass the room on, and the lobby knock.
  if (role !== 'practitioner') {
    if (hints.lobbyAutoKnock) pairs.push('config.lobby.autoKnock=true');
    if (hints.hideInviteFunctions) pairs.push('config.disableInviteFunctions=true');
  }
  return pairs;
}

/** A BCP 47 tag as a link may carry it: nothing to escape. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * Jitsi's own UI language for the patient's link (`config.defaultLanguage`, a JSON string in
 * the fragment), or nothing for a missing or malformed tag. Jitsi names Chinese by region:
 * Simplified is `zh-CN`, Traditional `zh-TW`; other tags go as the PMS gave them (Jitsi falls
 * back to the browser's language, then English, for one it does not have).
 */
export function languageHint(language: string | undefined): string[] {
  if (!language || !LANGUAGE_TAG.test(language)) return [];
  const lower = language.toLowerCase();
  let jitsi = language;
  if (lower === 'zh' || /^zh-(cn|sg|hans)(-|$)/.test(lower)) jitsi = 'zh-CN';
  else if (/^zh-(tw|hk|mo|hant)(-|$)/.test(lower)) jitsi = 'zh-TW';
  return [`config.defaultLanguage=${encodeURIComponent(JSON.stringify(jitsi))}`];
}

/**
 * `https://<domain>/<room>[?jwt=<token>][#config…]`. The room name and token are URL-safe
 * already; they are encoded anyway so a link can never be bent by odd input.
 */
export function roomLink(domain: string, room: string, token: string | undefined, hints: string[]): string {
  let link = `https://${domain}/${encodeURIComponent(room)}`;
  if (token !== undefined) link += `?jwt=${encodeURIComponent(token)}`;
  if (hints.length > 0) link += `#${hints.join('&')}`;
  return link;
}
