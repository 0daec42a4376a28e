/** What problems and `source.file` call the embedded config. */
export const DEFAULT_CONFIG_LABEL = '<built-in default config>';

/** The zone this machine runs in; the default config assumes the clinic is here. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/**
 * The config used when no file is found and no --config is given: every role on its simulator,
 * a demo day, and the store in ./data under the working folder. Enough to look around; a clinic
 * runs `clinic-arrivals init` for a real one.
 */
export function defaultConfigObject(): Record<string, unknown> {
  return {
    clinic: { name: 'Demo Clinic', timeZone: systemTimeZone(), region: 'AU', locale: 'en-AU' },
    pms: { use: 'pms-simulator' },
    sms: { use: 'sms-simulator' },
    inbox: { use: 'inbox-simulator' },
    video: { use: 'video-simulator' },
    store: { path: './data/clinic-arrivals.sqlite' },
    demo: true,
  };
}

/** Told to the operator when the default is used. */
export function defaultConfigNotice(cwd: string): string {
  return (
    `No clinic-arrivals config found in ${cwd}; using the built-in simulator setup with demo data. ` +
    'Run `clinic-arrivals init` to write a real clinicarrivals.config.yaml.'
  );
}
