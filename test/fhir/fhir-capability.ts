import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

/** The CapabilityStatement the test server serves at `/metadata`: what it really supports. */
export function buildCapabilityStatement(baseUrl: string, versioning: boolean): CapabilityStatement {
  const resource = (type: string, searchParams: string[], searchInclude: string[] = []): CapabilityStatementRestResource => ({
    type: type as never,
    versioning: versioning ? ('versioned-update' as const) : ('no-version' as const),
    interaction: ['read', 'vread', 'update', 'search-type', 'create'].map((code) => ({ code: code as never })),
    searchInclude,
    searchParam: searchParams.map((name) => ({ name, type: paramType(name) as never })),
  });
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    implementation: { description: 'clinic-arrivals FHIR test server (medplum fhir-router)', url: baseUrl },
    rest: [
      {
        mode: 'server',
        resource: [
          resource(
            'Appointment',
            ['date', 'status', 'actor', 'patient', 'practitioner', 'location', 'service-type', '_id', '_lastUpdated'],
            ['Appointment:actor', 'Appointment:patient', 'Appointment:practitioner'],
          ),
          resource('Patient', ['_id']),
          resource('Practitioner', ['_id']),
          resource('Location', ['_id', 'organization']),
          resource('PractitionerRole', ['_id', 'practitioner'], ['PractitionerRole:practitioner']),
        ],
      },
    ],
  };
}

function paramType(name: string): string {
  if (name === 'date' || name === '_lastUpdated') return 'date';
  return ['actor', 'patient', 'practitioner', 'location', 'organization'].includes(name) ? 'reference' : 'token';
}
