import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, FLEET_API_TYPES_FILE, generateApiTypes, generateFleetApiTypes } from './api-types.js';

// Rewrites web/src/api/schema.d.ts and fleet-schema.d.ts from the route schemas.
writeFileSync(API_TYPES_FILE, await generateApiTypes());
writeFileSync(FLEET_API_TYPES_FILE, await generateFleetApiTypes());
process.stdout.write(`wrote ${API_TYPES_FILE} and ${FLEET_API_TYPES_FILE}\n`);
