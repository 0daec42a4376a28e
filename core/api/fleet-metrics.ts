import type { Registry } from 'prom-client';

/*
 * A fleet host has one Prometheus registry per clinic (core/runtime/host-metrics.ts), each
 * with the same metric names. One scrape of the fleet host gets them all as one text: every
 * series labelled with its clinic, HELP and TYPE once per name, and the process's own metrics
 * (collectDefaultMetrics: CPU, memory, event loop; the same process behind every registry)
 * once, without a clinic label.
 */

/** One clinic's registry. */
export interface ClinicRegistry {
  clinicId: string;
  registry: Registry;
}

/** The content type of the merged text (Prometheus text format 0.0.4). */
export const FLEET_METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Names of prom-client's default (process) metrics, with or without the host's `clinic_arrivals_` prefix. */
const PROCESS_METRIC = /^(?:clinic_arrivals_)?(?:process|nodejs)_/;

interface Family {
  help?: string;
  type?: string;
  samples: string[];
}

/** Adds `clinic="<id>"` as the first label of one sample line (`name{a="b"} 1` or `name 1`). */
function withClinicLabel(line: string, clinicId: string): string {
  const label = `clinic="${clinicId.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  if (brace !== -1 && (space === -1 || brace < space)) {
    return line[brace + 1] === '}'
      ? `${line.slice(0, brace + 1)}${label}${line.slice(brace + 1)}`
      : `${line.slice(0, brace + 1)}${label},${line.slice(brace + 1)}`;
  }
  return `${line.slice(0, space)}{${label}}${line.slice(space)}`;
}

/** Splits a registry's text into families, in order, keyed by the name on their HELP/TYPE lines. */
function familiesOf(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  const family = (name: string) => {
    let found = families.get(name);
    if (!found) families.set(name, (found = { samples: [] }));
    return found;
  };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      current = family(meta[2]!);
      if (meta[1] === 'HELP') current.help = meta[3];
      else current.type = meta[3];
      continue;
    }
    if (line.startsWith('#')) continue;
    // A sample without HELP/TYPE before it (prom-client always writes them): its own family.
    (current ?? family(/^[^{\s]+/.exec(line)![0])).samples.push(line);
  }
  return families;
}

/**
 * Merges clinics' registries into one Prometheus text: `clinic="<id>"` on every series, HELP
 * and TYPE once per metric name (from the first registry that has it), and process metrics
 * once, unlabelled, from the first registry that has them.
 *
 * @example
 * const text = await mergeClinicMetrics([{ clinicId: 'north', registry: north.registry }, …]);
 */
export async function mergeClinicMetrics(clinics: readonly ClinicRegistry[]): Promise<string> {
  const merged = new Map<string, Family>();
  for (const { clinicId, registry } of clinics) {
    for (const [name, family] of familiesOf(await registry.metrics())) {
      const processMetric = PROCESS_METRIC.test(name);
      let target = merged.get(name);
      if (target && processMetric) continue; // the same process: once is enough
      if (!target) merged.set(name, (target = { help: family.help, type: family.type, samples: [] }));
      for (const sample of family.samples) target.samples.push(processMetric ? sample : withClinicLabel(sample, clinicId));
    }
  }
  const lines: string[] = [];
  for (const [name, family] of merged) {
    if (family.help !== undefined) lines.push(`# HELP ${name} ${family.help}`);
    if (family.type !== undefined) lines.push(`# TYPE ${name} ${family.type}`);
    lines.push(...family.samples);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
