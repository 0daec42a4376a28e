/** Escapes text for an XML element body or attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** Empty TwiML: Twilio sends nothing back to the patient. */
export const EMPTY_TWIML = `${DECLARATION}<Response></Response>`;

/** TwiML answering an incoming SMS: empty, or one `<Message>` with the configured auto-reply. */
export function twimlResponse(autoReply: string | undefined): string {
  return autoReply === undefined ? EMPTY_TWIML : `${DECLARATION}<Response><Message>${escapeXml(autoReply)}</Message></Response>`;
}
