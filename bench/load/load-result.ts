/** What one load run measured. */
export interface LoadResult {
  /** Completed requests per second over the run. */
  rps: number;
  total: number;
  /** Responses with a status of 400 or more. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  p99Ms: number;
  /** The run used up the prepared webhooks and started over (repeated MessageSids). */
  wrapped: boolean;
}

/** One load run: `get` is a plain `GET /`, `webhook` a signed `POST /twilio` per request. */
export interface LoadSpec {
  url: string;
  kind: 'get' | 'webhook';
  seconds: number;
  connections: number;
}
