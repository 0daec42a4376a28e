/*
 * What must never appear in a log line at info or above: the seeded patients' numbers (in
 * any format), names and birth dates, and the texts of the day (sent and received).
 */

/** A simulated appointment as GET /api/simulator/appointments lists it (the parts used here). */
export interface SeededAppointment {
  patient: { name?: string; firstName?: string; mobile?: string; birthDate?: string };
}

/** A finding: which kind of patient data a line holds. */
export type Finding = { kind: 'number' | 'name' | 'birth date' | 'text'; value: string };

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The national significant digits of an Australian mobile (`0491 570 156`, `+61491570156`
 * → `491570156`) as a pattern that also matches them with one separator between any two
 * digits (`0491 570 156`, `0491-570-156`, `+61 491 570 156`), inside any other text.
 */
export function numberPattern(mobile: string): RegExp {
  const digits = mobile.replace(/\D/g, '').replace(/^61/, '').replace(/^0/, '');
  return new RegExp(digits.split('').map(escape).join('[^0-9]?'));
}

function wordRuns(text: string, length: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  return words.slice(0, Math.max(0, words.length - length + 1)).map((_, index) => words.slice(index, index + length).join(' '));
}

/** Finds patient data of `appointments` and the day's `texts` in one log line. */
export function patientDataIn(line: string, appointments: SeededAppointment[], texts: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const { patient } of appointments) {
    if (patient.mobile && numberPattern(patient.mobile).test(line)) findings.push({ kind: 'number', value: patient.mobile });
    const names = [patient.name, patient.firstName, ...(patient.name ?? '').split(/\s+/)].filter((name): name is string => !!name && name.length > 1);
    for (const name of new Set(names)) {
      if (new RegExp(`\\b${escape(name)}\\b`).test(line)) findings.push({ kind: 'name', value: name });
    }
    if (patient.birthDate && line.includes(patient.birthDate)) findings.push({ kind: 'birth date', value: patient.birthDate });
  }
  for (const text of texts) {
    // A short reply ("YES") is only data as a whole value; a longer one also by any five words in a row.
    const pieces = text.length < 12 ? [] : [text, ...wordRuns(text, 5).filter((piece) => piece.length >= 20)];
    if (pieces.some((piece) => line.includes(piece)) || line.includes(JSON.stringify(text))) findings.push({ kind: 'text', value: text });
  }
  return findings;
}
