import { collectDefaultMetrics, Registry } from 'prom-client';
import { mergeClinicMetrics } from '../../api/fleet-metrics.js';
import type { FleetClinics } from './fleet-clinics.js';

/**
 * The fleet's `/metrics`: the process's own metrics once (each clinic's registry leaves them
 * out), then every running clinic's series with its `clinic` label. The label's values are the
 * configured clinic ids, so its cardinality is the fleet's size, never anything a patient sends.
 */
export function fleetMetricsSource(clinics: FleetClinics): () => Promise<string> {
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry, prefix: 'clinic_arrivals_' });
  return () => {
    const registries = [...clinics.runners.values()].flatMap((runner) => {
      const registry = runner.metricsRegistry();
      return registry ? [{ clinicId: runner.id, registry }] : [];
    });
    return mergeClinicMetrics([{ clinicId: 'process', registry: processRegistry }, ...registries]);
  };
}
