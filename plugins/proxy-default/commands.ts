import type { PluginCommand } from '@clinic-arrivals/plugin-kit';

/*
 * The command line of the reply proxy, which ships with the host so a clinic or vendor can run
 * it with the same CLI. Kept apart from the plugin's entry so `clinic-arrivals --help` can list
 * it without loading the inbox client; the proxy's own code loads only when the command runs.
 */
export const commands: readonly PluginCommand[] = [
  {
    name: 'proxy',
    summary: 'run the public reply proxy: receives Twilio webhooks and hands replies to clinic hosts (`proxy hash-key` makes client keys)',
    load: () => import('./server/cli.js'),
  },
];
