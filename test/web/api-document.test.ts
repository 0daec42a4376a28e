import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import f from 'ajv-formats';
import { API_TYPES_FILE, FLEET_API_TYPES_FILE, generateApiTypes, generateFleetApiTypes } from '../../web/scripts/api-types.js';
import { startReceptionHost, type ReceptionHost } from './reception-host.js';

const addFormats = f.default;

type OpenApi = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: object }> }> }>> };

describe('the API as the reception app sees it (OpenAPI)', function () {
  this.timeout(30_000);
  let reception: ReceptionHost;
  let document: OpenApi;

  before(async () => {
    reception = await startReceptionHost();
    document = await reception.api.get<OpenApi>('/api/openapi.json');
  });
  after(() => reception?.stop());

  it('publishes an OpenAPI 3.1 document of the API routes at /api/openapi.json', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(Object.keys(document.paths)).to.include.members(['/api/status', '/api/appointments/today', '/api/templates/{name}', '/api/simulator/inbox']);
    // The app's files and the plain-text index are not API operations.
    expect(Object.keys(document.paths)).not.to.include.members(['/*', '/api', '/api/openapi.json']);
  });

  it("matches what the routes really answer (status, today's list, health)", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const path of ['/api/status', '/api/appointments/today', '/api/health']) {
      const schema = document.paths[path]!.get!.responses!['200']!.content!['application/json']!.schema;
      const validate = ajv.compile(schema);
      const body = await reception.api.get(path);
      expect(validate(body), `${path}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
    }
    const today = await reception.api.get<{ items: unknown[] }>('/api/appointments/today');
    expect(today.items).to.have.length(3);
  });

  it('has its TypeScript types in web/src/api/schema.d.ts up to date (npm run generate:api)', async () => {
    const expected = await generateApiTypes();
    const actual = readFileSync(API_TYPES_FILE, 'utf8');
    expect(actual === expected, 'web/src/api/schema.d.ts is out of date: run "npm run generate:api" and commit it').to.equal(true);
  });

  it("has the fleet host's types in web/src/api/fleet-schema.d.ts up to date (npm run generate:api)", async () => {
    const expected = await generateFleetApiTypes();
    const actual = readFileSync(FLEET_API_TYPES_FILE, 'utf8');
    expect(actual === expected, 'web/src/api/fleet-schema.d.ts is out of date: run "npm run generate:api" and commit it').to.equal(true);
    expect(actual).to.include('"/api/clinics"');
  });
});
