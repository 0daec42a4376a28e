import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** An appointment as the simulator accepts it (config seed, local API). `id` is assigned when absent. */
export type SimulatedAppointmentInput = Omit<Appointment, 'id'> & { id?: string };

const party = (what: string) =>
  ({
    type: 'object',
    description: what,
    required: ['id', 'name'],
    properties: {
      id: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      firstName: { type: 'string' },
      mobile: { type: 'string' },
    },
    additionalProperties: false,
  }) as const satisfies JsonSchema;

/** JSON Schema of one simulated appointment; the local API can reuse it to validate input. */
export const simulatedAppointmentSchema = {
  type: 'object',
  required: ['start', 'patient', 'practitioner'],
  properties: {
    id: { type: 'string', minLength: 1 },
    start: { type: 'string', format: 'date-time', description: 'ISO 8601 with offset, e.g. 2026-11-23T09:30:00+11:00' },
    end: { type: 'string', format: 'date-time' },
    status: {
      enum: ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'],
      default: 'booked',
    },
    patient: party('The patient; mobile in any format the PMS would hold.'),
    practitioner: {
      type: 'object',
      required: ['id', 'name'],
      properties: { id: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
      additionalProperties: false,
    },
    isVideo: { type: 'boolean', default: false },
    videoLink: { type: 'string' },
    created: { type: 'string', format: 'date-time' },
    interpreterRequired: { type: 'boolean', description: 'The patient needs an interpreter (as a PMS would say).' },
    language: {
      type: 'string',
      pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$',
      maxLength: 35,
      description: "The patient's preferred language, a BCP 47 tag as a PMS would give it (vi, zh-CN, ar, es).",
    },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Options schema of the `pms-simulator` plugin. */
export const pmsSimulatorOptionsSchema = {
  type: 'object',
  properties: {
    /** Appointments to load when the store holds none yet (first start). @default [] */
    seed: {
      type: 'array',
      description: 'Appointments loaded on first start (when the store holds none yet).',
      items: simulatedAppointmentSchema,
      default: [],
    },
  },
  additionalProperties: false,
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `pms-simulator` plugin. */
export type PmsSimulatorOptions = OptionsFromSchema<typeof pmsSimulatorOptionsSchema>;
