import { isAppointmentStatus, type Appointment, type PhoneNumbers } from '@clinic-arrivals/plugin-kit';
import type { Resource } from './client.js';
import type { FhirPmsOptions } from './options.js';
import { firstNameOf, nameText, pickMobile, preferredName, type ContactPoint, type HumanName } from './people.js';
import { localReference, type ResourceIndex } from './references.js';

/** Why an appointment was left out of a listing (counted, shown in health). */
export type SkipReason = 'no-patient' | 'patient-not-found' | 'no-mobile' | 'no-practitioner' | 'unreadable';

export type MappingResult = { appointment: Appointment } | { skipped: SkipReason };

interface Reference {
  reference?: string;
  display?: string;
}
interface FhirAppointment extends Resource {
  status?: string;
  start?: unknown;
  end?: unknown;
  created?: unknown;
  participant?: Array<{ actor?: Reference }>;
  appointmentType?: { coding?: Array<{ system?: string; code?: string }> };
  extension?: Array<{ url?: string; valueUrl?: unknown; valueUri?: unknown }>;
  contained?: Resource[];
}
interface Coding {
  system?: unknown;
  code?: unknown;
}
interface Person extends Resource {
  name?: HumanName[];
  extension?: Array<{ url?: string; valueBoolean?: unknown }>;
  communication?: Array<{ language?: { coding?: Coding[] }; preferred?: unknown }>;
  telecom?: ContactPoint[];
  practitioner?: Reference;
}

/** FHIR's standard Patient extension: the patient needs an interpreter (valueBoolean). */
export const INTERPRETER_REQUIRED_URL = 'http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired';

/** True or false when the Patient carries the extension with a boolean; undefined otherwise (not known). */
function interpreterRequiredOf(patient: Person): boolean | undefined {
  const value = patient.extension?.find((e) => e.url === INTERPRETER_REQUIRED_URL)?.valueBoolean;
  return typeof value === 'boolean' ? value : undefined;
}

/** The code system FHIR uses for languages (R4 binds `Patient.communication.language` to it). */
export const BCP_47_SYSTEM = 'urn:ietf:bcp:47';

/** Well-formed enough to be a BCP 47 tag (`vi`, `zh-CN`, `zh-Hant-TW`); remote text, so checked before use. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The patient's language: the `communication` marked `preferred: true`, else the first; its
 * coding with system `urn:ietf:bcp:47`, else its first coding; the code as the PMS gives it.
 * Undefined when there is none or the code is not a language tag.
 */
export function languageOf(patient: Person): string | undefined {
  const communications = Array.isArray(patient.communication) ? patient.communication : [];
  const chosen = communications.find((c) => c?.preferred === true) ?? communications[0];
  const codings = Array.isArray(chosen?.language?.coding) ? chosen.language.coding : [];
  const coding = codings.find((c) => c?.system === BCP_47_SYSTEM) ?? codings[0];
  const code = typeof coding?.code === 'string' ? coding.code.trim() : '';
  return code.length <= 35 && LANGUAGE_TAG.test(code) ? code : undefined;
}

/** An instant with an explicit offset; anything vaguer cannot be placed in the clinic's day. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface MappingContext {
  options: FhirPmsOptions;
  index: ResourceIndex;
  phone: PhoneNumbers;
}

/** Maps one FHIR Appointment to the engine's shape, or says why it cannot be used. Never throws. */
export function mapAppointment(raw: Resource, ctx: MappingContext): MappingResult {
  try {
    return mapOrSkip(raw, ctx);
  } catch {
    return { skipped: 'unreadable' };
  }
}

function mapOrSkip(a: FhirAppointment, ctx: MappingContext): MappingResult {
  if (!a.id || !isAppointmentStatus(a.status) || !isInstant(a.start)) return { skipped: 'unreadable' };
  const actors = (a.participant ?? []).map((p) => p.actor).filter((x): x is Reference => !!x);
  const lookup = (ref: Reference | undefined) => resolve(ref, a, ctx);

  const patientRef = actors.find((r) => kindOf(r, ctx) === 'Patient');
  if (!patientRef) return { skipped: 'no-patient' };
  const patient = lookup(patientRef);
  if (!patient?.id) return { skipped: 'patient-not-found' };
  const mobile = pickMobile(patient.telecom, ctx.phone);
  if (!mobile) return { skipped: 'no-mobile' };
  const patientName = preferredName(patient.name);
  const interpreterRequired = interpreterRequiredOf(patient);
  const language = languageOf(patient);

  const practitioner = practitionerOf(actors, lookup, ctx);
  if (!practitioner) return { skipped: 'no-practitioner' };

  const { videoConsultCoding: video, videoLinkExtensionUrl } = ctx.options;
  const linkExtension = a.extension?.find((e) => e.url === videoLinkExtensionUrl);
  const link = linkExtension?.valueUrl ?? linkExtension?.valueUri;
  return {
    appointment: {
      id: a.id,
      start: a.start,
      ...(isInstant(a.end) ? { end: a.end } : {}),
      status: a.status,
      patient: {
        id: patient.id,
        name: nameText(patientName, false) ?? patientRef.display ?? '',
        ...(firstNameOf(patientName) ? { firstName: firstNameOf(patientName) } : {}),
        mobile,
      },
      practitioner,
      isVideo: !!a.appointmentType?.coding?.some((c) => c.system === video.system && c.code === video.code),
      ...(typeof link === 'string' && link ? { videoLink: link } : {}),
      ...(typeof a.created === 'string' ? { created: a.created } : {}),
      ...(interpreterRequired !== undefined ? { interpreterRequired } : {}),
      ...(language !== undefined ? { language } : {}),
    },
  };
}

/** A Practitioner actor, else the Practitioner behind a PractitionerRole actor, else their display. */
function practitionerOf(
  actors: Reference[],
  lookup: (ref: Reference | undefined) => Person | undefined,
  ctx: MappingContext,
): Appointment['practitioner'] | undefined {
  const direct = actors.find((r) => kindOf(r, ctx) === 'Practitioner');
  if (direct) {
    const person = lookup(direct);
    const name = nameText(preferredName(person?.name), true) ?? direct.display;
    const id = person?.id ?? idOf(direct, ctx);
    if (id && name) return { id, name };
  }
  const roleRef = actors.find((r) => kindOf(r, ctx) === 'PractitionerRole');
  if (roleRef) {
    const role = lookup(roleRef);
    const person = lookup(role?.practitioner);
    const name = nameText(preferredName(person?.name), true) ?? role?.practitioner?.display ?? roleRef.display;
    const id = person?.id ?? idOf(role?.practitioner, ctx) ?? idOf(roleRef, ctx);
    if (id && name) return { id, name };
  }
  return undefined;
}

function resolve(ref: Reference | undefined, appointment: FhirAppointment, ctx: MappingContext): Person | undefined {
  const reference = ref?.reference;
  if (!reference) return undefined;
  if (reference.startsWith('#')) return appointment.contained?.find((c) => c.id === reference.slice(1));
  const local = localReference(reference, ctx.options.baseUrl);
  return local ? ctx.index.get(local) : undefined;
}

/** Resource type a reference points to, from the reference itself or from a contained resource. */
function kindOf(ref: Reference, ctx: MappingContext): string | undefined {
  const local = localReference(ref.reference, ctx.options.baseUrl);
  if (local) return local.slice(0, local.indexOf('/'));
  return (ref as { type?: string }).type;
}

function idOf(ref: Reference | undefined, ctx: MappingContext): string | undefined {
  const local = localReference(ref?.reference, ctx.options.baseUrl);
  return local ? local.slice(local.indexOf('/') + 1) : undefined;
}

function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && Number.isFinite(Date.parse(value));
}
