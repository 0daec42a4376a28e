/** An incoming message as the host stored it (what the engine decides a reply from). */
export interface IncomingRecord {
  id: string;
  /** E.164 (normalised) sender. */
  from: string;
  body: string | null;
  receivedAt: number;
  /** `pending` until handled; `handled`; `unprocessed` (kept for a person); `dismissed`. */
  state: 'pending' | 'handled' | 'unprocessed' | 'dismissed';
  /** Why it is unprocessed: `dont-understand`, `unknown-phone`, `too-many-appointments`, … */
  reason?: string;
  appointmentId?: string;
  /** Who marked it done from the inbox (`closeConversation`), and when. */
  closedBy?: string;
  closedAt?: number;
}
