/*
 * Join links: `<joinPageUrl>#<base64url(token)>`. The OpenVidu token (which also names the
 * server: `wss://host?sessionId=…&token=tok_…`) rides in the fragment, so it never reaches the
 * proxy's logs or any server; base64url keeps it one opaque word that SMS apps link whole.
 * The join page (join-page/static/join.js) decodes the same format.
 */

/** The link for one party: the join page with the connection token in the fragment. */
export function joinLink(joinPageUrl: string, token: string): string {
  return `${joinPageUrl}#${Buffer.from(token, 'utf8').toString('base64url')}`;
}

/** The token inside a join link's fragment, or undefined when it holds none. */
export function tokenFromJoinLink(link: string): string | undefined {
  const hash = new URL(link).hash.slice(1);
  if (!/^[A-Za-z0-9_-]+$/.test(hash)) return undefined;
  const token = Buffer.from(hash, 'base64url').toString('utf8');
  return /^wss?:\/\//.test(token) ? token : undefined;
}
