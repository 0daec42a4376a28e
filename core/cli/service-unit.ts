import { posix } from 'node:path';

/** What `clinic-arrivals service print-unit` puts into the systemd unit. */
export interface ServiceUnitOptions {
  /**
   * The account the host runs as (a system user with no login, created by the installer).
   * @default clinic-arrivals
   */
  user: string;
  /**
   * The only folder the host may write: the store (`store.path`), its lock and backups.
   * A folder under /var/lib is created by systemd (`StateDirectory=`) and given to `user`.
   * @default /var/lib/clinic-arrivals
   */
  dataDir: string;
  /**
   * The config file (read-only to the host).
   * @default /etc/clinic-arrivals/clinicarrivals.config.yaml
   */
  config: string;
  /**
   * `KEY=value` lines with the secrets the config reads (`${TWILIO_AUTH_TOKEN}`…); readable by root only.
   * @default /etc/clinic-arrivals/env
   */
  envFile: string;
  /**
   * The node binary.
   * @default /usr/bin/node
   */
  node: string;
  /**
   * The CLI's entry file (dist/core/cli/main.js of the installed package).
   * @default /usr/lib/node_modules/clinic-arrivals/dist/core/cli/main.js (a global npm install)
   */
  main: string;
}

/** The values of the unit shipped in the package (service/clinic-arrivals.service). */
export const DEFAULT_SERVICE_UNIT_OPTIONS: ServiceUnitOptions = {
  user: 'clinic-arrivals',
  dataDir: '/var/lib/clinic-arrivals',
  config: '/etc/clinic-arrivals/clinicarrivals.config.yaml',
  envFile: '/etc/clinic-arrivals/env',
  node: '/usr/bin/node',
  main: '/usr/lib/node_modules/clinic-arrivals/dist/core/cli/main.js',
};

/** Why a value cannot go into the unit, or undefined when it can. */
export function serviceUnitProblem(key: keyof ServiceUnitOptions, value: string): string | undefined {
  if (key === 'user') {
    return /^[a-z_][a-z0-9_-]{0,31}$/.test(value) && value !== 'root' ? undefined : 'must be a system user name (lower case, not root)';
  }
  if (!posix.isAbsolute(value)) return 'must be an absolute path';
  // systemd splits ExecStart= on spaces and expands %, $ and \: keep paths to the plain characters.
  if (!/^[A-Za-z0-9._/+@-]+$/.test(value)) return 'may only contain letters, digits and . _ / + @ -';
  if (key === 'dataDir' && posix.normalize(value).replace(/\/+$/, '') === '') return 'must not be /';
  return undefined;
}

/**
 * A hardened systemd unit for the host: its own user, the whole file system read-only except the
 * data folder, no home folders, a private /tmp, no privileges to gain, restarts after a crash but
 * not after a config error (exit code 2: restarting cannot fix it), logs to the journal.
 */
export function serviceUnitText(options: ServiceUnitOptions): string {
  const dataDir = posix.normalize(options.dataDir).replace(/\/+$/, '');
  // Under /var/lib systemd creates the folder and hands it to the user; elsewhere the installer does.
  const stateDirectory = dataDir.startsWith('/var/lib/') ? dataDir.slice('/var/lib/'.length) : undefined;
  return `# clinic-arrivals as a systemd service. Written by \`clinic-arrivals service print-unit\`;
# install it as /etc/systemd/system/clinic-arrivals.service (README: "Run as a service").
[Unit]
Description=clinic-arrivals: appointment texts, arrivals and video consults for a GP clinic
Wants=network-online.target
After=network-online.target
# Five failed starts in ten minutes: give up and stay failed (systemctl status shows why).
StartLimitIntervalSec=600
StartLimitBurst=5

[Service]
Type=exec
User=${options.user}
Group=${options.user}
ExecStart=${options.node} ${options.main} start --config ${options.config}
WorkingDirectory=${dataDir}
# Secrets the config reads as \${NAME}; the leading - lets a config without secrets start.
EnvironmentFile=-${options.envFile}
Environment=NODE_ENV=production NODE_OPTIONS=--enable-source-maps
Restart=on-failure
RestartSec=10s
# Exit code 2: the config is wrong, and restarting will not fix it.
RestartPreventExitStatus=2
TimeoutStopSec=30s
StandardOutput=journal
StandardError=journal
SyslogIdentifier=clinic-arrivals
${stateDirectory ? `StateDirectory=${stateDirectory}\nStateDirectoryMode=0750\n` : ''}
# Hardening: everything read-only but the data folder; no privileges, devices or kernel knobs.
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=${dataDir}
ProtectHome=yes
PrivateTmp=yes
PrivateDevices=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
CapabilityBoundingSet=
AmbientCapabilities=
SystemCallArchitectures=native
UMask=0077
# Not set on purpose: MemoryDenyWriteExecute=yes (V8's JIT compiler needs writable code pages).

[Install]
WantedBy=multi-user.target
`;
}
