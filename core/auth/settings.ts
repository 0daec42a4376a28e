/** How staff sign in (the `api` section of the config). */
export interface SignInSettings {
  /**
   * `auto`: sign-in is required unless the API is bound to a loopback address with no staff
   * accounts and no `api.token` (the desktop case). `required`: always.
   * @default auto
   */
  mode: 'auto' | 'required';
  /** A session unused this long is over. @default 30 */
  idleMinutes: number;
  /** A session is over this long after sign-in, however busy. @default 12 */
  maxHours: number;
  /**
   * Mark the session cookie `Secure`. Set it when a TLS reverse proxy serves the app over
   * HTTPS (the host itself speaks plain HTTP). @default false
   */
  secureCookies: boolean;
}

export const DEFAULT_SIGN_IN: SignInSettings = { mode: 'auto', idleMinutes: 30, maxHours: 12, secureCookies: false };

/** The sign-in settings of the config's `api` section (the schema fills the defaults). */
export function signInSettingsOf(api: {
  signIn?: 'auto' | 'required';
  sessionIdleMinutes?: number;
  sessionMaxHours?: number;
  secureCookies?: boolean;
}): SignInSettings {
  return {
    mode: api.signIn ?? DEFAULT_SIGN_IN.mode,
    idleMinutes: api.sessionIdleMinutes ?? DEFAULT_SIGN_IN.idleMinutes,
    maxHours: api.sessionMaxHours ?? DEFAULT_SIGN_IN.maxHours,
    secureCookies: api.secureCookies ?? DEFAULT_SIGN_IN.secureCookies,
  };
}
