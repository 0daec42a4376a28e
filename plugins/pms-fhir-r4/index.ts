/**
 * pms-fhir-r4: reads and updates appointments on any FHIR R4 PMS.
 * See README.md in this folder for the options and a config example.
 */
import type { AppointmentSource } from '@clinic-arrivals/plugin-kit';
import { definePlugin, type PluginContext, type PluginInstance } from '@clinic-arrivals/plugin-kit';
import { optionsSchema, type FhirPmsOptions } from './options.js';
import { FhirAppointmentSource, type FhirSourceSeams } from './source.js';

/** Builds the plugin instance; `seams` exist for tests (instant sleeps). No I/O. */
export function createFhirPmsInstance(
  options: Readonly<FhirPmsOptions>,
  context: Pick<PluginContext, 'logger' | 'clock' | 'clinic' | 'phone' | 'configDir' | 'health'>,
  seams: FhirSourceSeams = {},
): PluginInstance<AppointmentSource> & { service: FhirAppointmentSource } {
  const source = new FhirAppointmentSource(options, context, seams);
  return {
    service: source,
    start: () => source.start(),
    stop: () => source.stop(),
    checkHealth: () => source.health(),
  };
}

export default definePlugin({
  manifest: {
    id: 'pms-fhir-r4',
    role: 'pms',
    hostApi: '^2',
    description: 'Appointments from any FHIR R4 practice management system',
  },
  optionsSchema,
  create(options, context) {
    return createFhirPmsInstance(options, context);
  },
});

export { FhirAppointmentSource } from './source.js';
export { optionsSchema, type FhirPmsOptions } from './options.js';
