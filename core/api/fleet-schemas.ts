/*
 * Response schemas of a fleet host's own routes (fleet-front-app.ts), for its OpenAPI document
 * and the fleet page's generated types (web/src/api/fleet-schema.d.ts). As on a clinic's API they
 * document and do not filter; they follow FleetClinicView in fleet-view.ts.
 */

const str = { type: 'string' } as const;
const count = { type: 'integer', minimum: 0 } as const;

const fleetClinic = {
  type: 'object',
  properties: {
    id: { type: 'string', description: "the clinic's id; its app and API are under /c/<id>/" },
    name: str,
    timeZone: { type: 'string', description: 'IANA zone, e.g. Australia/Melbourne ("" while its config cannot be read)' },
    state: {
      type: 'string',
      enum: ['starting', 'running', 'standby', 'failed', 'stopped'],
      description: 'running: worked by this replica; standby: by another; failed: see problem',
    },
    problem: {
      type: 'object',
      description: 'why it is failed: the config file, key and fix, or a start error',
      properties: { file: str, key: str, fix: str, message: str },
      required: ['message'],
    },
    health: { type: 'string', enum: ['ok', 'degraded', 'down', 'unknown'], description: 'worst plugin health; unknown when not running here' },
    lastPollAt: { type: 'string', format: 'date-time', description: 'when the PMS was last read' },
    textsToday: { type: 'object', properties: { sent: count, failed: count, unknown: count }, required: ['sent', 'failed', 'unknown'] },
    failures: { ...count, description: "recent errors on the clinic's status board" },
    replica: { type: 'string', description: 'the replica working it, when known' },
  },
  required: ['id', 'name', 'timeZone', 'state', 'health', 'textsToday', 'failures'],
} as const;

export const fleetClinicsReply = {
  type: 'object',
  properties: { clinics: { type: 'array', items: fleetClinic, description: 'every clinic of the fleet, by id' } },
  required: ['clinics'],
} as const;

export const fleetTokenRefused = {
  type: 'object',
  properties: { error: str },
  required: ['error'],
  description: 'missing or wrong fleet token',
} as const;
