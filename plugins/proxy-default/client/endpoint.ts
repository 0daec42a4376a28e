import { proxyBaseUrl } from './http.js';

/** Where the proxy is and how this client proves who it is. Holds the key; never logs it. */
export class ProxyEndpoint {
  readonly baseUrl: string;

  constructor(
    url: string,
    readonly accountSid: string,
    private readonly clientKey: string | undefined,
  ) {
    this.baseUrl = proxyBaseUrl(url);
  }

  /** An absolute URL of the proxy; `path` starts with `/`. */
  url(path: string): string {
    return this.baseUrl + path;
  }

  /** `Authorization: Bearer <AccountSid>:<client key>` of the client API. */
  authorization(): Record<string, string> {
    return this.clientKey === undefined ? {} : { authorization: `Bearer ${this.accountSid}:${this.clientKey}` };
  }
}
