import type { FleetClinicView } from '../../api/fleet-view.js';

/**
 * A clinic's first config problem (`<file>: <key>: <fix>`) as the fleet view shows it, with
 * how many more there are. Problem lines never hold secrets (the config loader's rule).
 */
export function problemOf(label: string, file: string, problems: readonly string[]): NonNullable<FleetClinicView['problem']> {
  const first = problems[0] ?? `${label}: cannot be loaded`;
  const rest = first.startsWith(`${label}: `) ? first.slice(label.length + 2) : first;
  const keyMatch = /^([A-Za-z0-9_$.[\]-]+): (.*)$/s.exec(rest);
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return {
    file,
    ...(keyMatch ? { key: keyMatch[1], fix: keyMatch[2] } : { fix: rest }),
    message: `${first}${more}`,
  };
}
