import { expect } from 'chai';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { mergeClinicMetrics } from '../../core/api/fleet-metrics.js';

/** A clinic's registry shaped like core/runtime/host-metrics.ts's: default metrics under the host's prefix, then its own. */
function clinicRegistry(texts: number, withDefaults = true) {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'clinic_arrivals_' });
  const counter = new Counter({ name: 'clinic_arrivals_texts_total', help: 'Texts sent.', labelNames: ['template', 'result'], registers: [registry] });
  counter.inc({ template: 'Reminder', result: 'sent' }, texts);
  const gauge = new Counter({ name: 'clinic_arrivals_plain_total', help: 'No labels at all.', registers: [registry] });
  gauge.inc(texts);
  const histogram = new Histogram({
    name: 'clinic_arrivals_loop_run_duration_seconds',
    help: 'Loop runs.',
    labelNames: ['loop'],
    buckets: [0.1, 1],
    registers: [registry],
  });
  histogram.observe({ loop: 'today' }, 0.5);
  return registry;
}

const lines = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));

describe('mergeClinicMetrics: one Prometheus text from every clinic’s registry', () => {
  it('labels every series with its clinic, first among its labels', async () => {
    const text = await mergeClinicMetrics([
      { clinicId: 'north', registry: clinicRegistry(3) },
      { clinicId: 'south', registry: clinicRegistry(5) },
    ]);
    expect(lines(text, /^clinic_arrivals_texts_total/)).to.deep.equal([
      'clinic_arrivals_texts_total{clinic="north",template="Reminder",result="sent"} 3',
      'clinic_arrivals_texts_total{clinic="south",template="Reminder",result="sent"} 5',
    ]);
    expect(lines(text, /^clinic_arrivals_plain_total/)).to.deep.equal([
      'clinic_arrivals_plain_total{clinic="north"} 3',
      'clinic_arrivals_plain_total{clinic="south"} 5',
    ]);
    expect(lines(text, /^clinic_arrivals_loop_run_duration_seconds_bucket\{clinic="south",le="\+Inf",loop="today"\} 1$/)).to.have.length(1);
    expect(lines(text, /^clinic_arrivals_loop_run_duration_seconds_(sum|count)\{clinic="(north|south)",loop="today"\}/)).to.have.length(4);
  });

  it('writes HELP and TYPE once per metric name, before its series', async () => {
    const text = await mergeClinicMetrics([
      { clinicId: 'north', registry: clinicRegistry(1) },
      { clinicId: 'south', registry: clinicRegistry(2) },
    ]);
    const all = text.split('\n');
    for (const name of ['clinic_arrivals_texts_total', 'clinic_arrivals_loop_run_duration_seconds', 'clinic_arrivals_process_cpu_user_seconds_total']) {
      expect(lines(text, new RegExp(`^# HELP ${name} `)), name).to.have.length(1);
      expect(lines(text, new RegExp(`^# TYPE ${name} `)), name).to.have.length(1);
      const type = all.indexOf(all.find((line) => line.startsWith(`# TYPE ${name} `))!);
      const firstSample = all.findIndex((line) => line.startsWith(name) && !line.startsWith('#'));
      expect(firstSample, name).to.be.greaterThan(type);
    }
    // Each family's samples sit together, right after its TYPE line: no other family's lines between.
    const family = all.slice(all.indexOf('# TYPE clinic_arrivals_texts_total counter') + 1, all.indexOf('# TYPE clinic_arrivals_texts_total counter') + 3);
    expect(family.every((line) => line.startsWith('clinic_arrivals_texts_total{'))).to.equal(true);
    expect(text.endsWith('\n')).to.equal(true);
  });

  it('keeps the process’s own metrics once, without a clinic label, whichever registry has them', async () => {
    const text = await mergeClinicMetrics([
      { clinicId: 'north', registry: clinicRegistry(1, false) },
      { clinicId: 'south', registry: clinicRegistry(2) },
      { clinicId: 'west', registry: clinicRegistry(2) },
    ]);
    expect(lines(text, /^clinic_arrivals_process_start_time_seconds /)).to.have.length(1);
    expect(lines(text, /^clinic_arrivals_nodejs_version_info\{/)).to.have.length(1);
    expect(text).not.to.match(/^clinic_arrivals_(process|nodejs)_\S*\{clinic=/m);
  });

  it('escapes a clinic id the way label values are escaped, and gives an empty text for no clinics', async () => {
    const text = await mergeClinicMetrics([{ clinicId: 'odd"id\\', registry: clinicRegistry(1, false) }]);
    expect(text).to.include('clinic_arrivals_plain_total{clinic="odd\\"id\\\\"} 1');
    expect(await mergeClinicMetrics([])).to.equal('');
  });
});
