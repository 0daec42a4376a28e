/*
 * Join links: `<joinPageUrl>#<base64url(token)>`, and `<joinPageUrl>#guest.<base64url(token)>`
 * for a guest. The OpenVidu token (which also names the server: `wss://host?sessionId=…&token=tok_…`)
 * rides in the fragment, so it never reaches the proxy's logs or any server; base64url keeps it
 * one opaque word that SMS apps link whole. The `guest.` marker ('.' is not base64url) lets the
 * page say "this guest link was withdrawn or has expired" when OpenVidu refuses the token,
 * before it knows whose connection it was. The join page (join-page/static/join.js) decodes
 * the same format.
 */

/** Marks a guest's link in the fragment. */
export const GUEST_LINK_MARKER = 'guest.';

/** The link for one party: the join page with the connection token in the fragment. */
export function joinLink(joinPageUrl: string, token: string): string {
  return `${joinPageUrl}#${Buffer.from(token, 'utf8').toString('base64url')}`;
}

/** A BCP 47 tag as a link may carry it: letters, digits and hyphens, nothing to escape. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The patient's link: a party link, plus `?invite=<digits>` when the clinic offers "Invite
 * someone" on the page (its texting number; the page writes a text of GUEST to it), and
 * `lang=<tag>` when the appointment names the patient's language: the page speaks it (the
 * link carries the language, not who the patient is). A malformed tag is left out.
 */
export function patientJoinLink(joinPageUrl: string, token: string, inviteNumber: string | undefined, language?: string): string {
  const query: string[] = [];
  if (inviteNumber) query.push(`invite=${inviteNumber.replace(/^\+/, '')}`);
  if (language && LANGUAGE_TAG.test(language)) query.push(`lang=${language}`);
  return joinLink(query.length > 0 ? `${joinPageUrl}?${query.join('&')}` : joinPageUrl, token);
}

/** A guest's link: the same join page, the token marked as a guest's. */
export function guestJoinLink(joinPageUrl: string, token: string): string {
  return `${joinPageUrl}#${GUEST_LINK_MARKER}${Buffer.from(token, 'utf8').toString('base64url')}`;
}

/** The token inside a join link's fragment (a party's or a guest's), or undefined when it holds none. */
export function tokenFromJoinLink(link: string): string | undefined {
  let hash = new URL(link).hash.slice(1);
  if (hash.startsWith(GUEST_LINK_MARKER)) hash = hash.slice(GUEST_LINK_MARKER.length);
  if (!/^[A-Za-z0-9_-]+$/.test(hash)) return undefined;
  const token = Buffer.from(hash, 'base64url').toString('utf8');
  return /^wss?:\/\//.test(token) ? token : undefined;
}
