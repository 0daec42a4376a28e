import { describeAppointmentSourceContract } from '@clinic-arrivals/plugin-kit/testing';
import { startFhirTestServer, type FhirTestServer } from './fhir-test-server.js';
import { getResource, seedAppointments } from './fhir-seed.js';
import { CONFIRMED_BY_TEXT_EXTENSION } from '../../plugins/pms-fhir-r4/options.js';
import { makeFhirPms } from './fhir-plugin-harness.js';

let server: FhirTestServer;
before(async function () {
  server = await startFhirTestServer({ defaultPageSize: 3 });
});
after(async function () {
  await server.close();
});

describeAppointmentSourceContract({
  name: 'pms-fhir-r4 (medplum FHIR R4 server)',
  setup: async () => {
    const { instance, source } = makeFhirPms({ baseUrl: server.baseUrl, pageSize: 2 });
    await instance.start!();
    return {
      source,
      seed: (appointments) => seedAppointments(server.baseUrl, appointments),
      readConfirmation: async (id) => {
        const extensions = ((await getResource(server.baseUrl, `Appointment/${id}`)).extension ?? []) as Array<{ url: string; valueDateTime?: string }>;
        return extensions.find((e) => e.url === CONFIRMED_BY_TEXT_EXTENSION)?.valueDateTime;
      },
      teardown: () => instance.stop!(),
    };
  },
});
