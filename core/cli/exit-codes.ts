/** Process exit codes of the CLI (scripts and service managers rely on them). */
export const EXIT = {
  ok: 0,
  /** Anything unexpected, or a start-up failure after the config was accepted. */
  failure: 1,
  /** The config is wrong: nothing was started. */
  config: 2,
} as const;
