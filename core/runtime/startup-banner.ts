import type { HostControl } from '../api/host-control.js';

/**
 * The few lines printed to standard error when the host is up: where the API is, and, when
 * simulators are active, curl commands to play with them. Not the log: people read this, so it
 * stays out of the JSON lines on standard output (the `local API listening` line has the URL).
 */
export function startupBanner(options: { clinicName: string; apiUrl: string; tokenRequired: boolean; simulators: HostControl['simulators'] }): string {
  const { apiUrl, simulators } = options;
  const auth = options.tokenRequired ? ` -H "authorization: Bearer $CLINIC_ARRIVALS_API_TOKEN"` : '';
  const lines = [
    `clinic-arrivals is running for ${options.clinicName}.`,
    `  Reception app: ${apiUrl}/   (open it in a browser on this computer)`,
    `  Local API: ${apiUrl}   (routes: ${apiUrl}/api; status: curl -s${auth} ${apiUrl}/api/status)`,
  ];
  if (simulators.pms) lines.push(`  Simulated appointments: curl -s${auth} ${apiUrl}/api/simulator/appointments`);
  if (simulators.sms) lines.push(`  Texts sent: curl -s${auth} ${apiUrl}/api/simulator/sms/sent`);
  if (simulators.inbox) {
    lines.push(`  Reply as a patient: curl -s${auth} -X POST ${apiUrl}/api/simulator/inbox -H 'content-type: application/json' -d '{"from":"0491 570 156","body":"YES"}'`);
  }
  return `${lines.join('\n')}\n`;
}
