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
