import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import type { PmsSimulator } from '../../plugins/pms-simulator/index.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { expectAccessible, screenshot } from './browser.js';
import { useReceptionPage } from './reception-page.js';

/**
 * The simulator screen shows what its PMS recorded of patients' text answers, as a PMS shows
 * them to staff: the time a patient confirmed, and a cancellation the patient asked for.
 */
describe("simulator screen: patients' answers in the PMS", function () {
  this.timeout(60_000);
  const reception = useReceptionPage();

  const simRow = (page: Page, name: string): Locator => page.locator('tr[data-sim-appointment]', { hasText: name });
  type SimItem = { id: string; patient: { name: string }; status: string; confirmedAt?: string; cancellationReason?: string };
  const book = async () => (await reception.host.api.get<{ items: SimItem[] }>('/api/simulator/appointments')).items;
  const byName = (items: SimItem[], name: string) => items.find((a) => a.patient.name === name)!;

  it('shows a confirmation by text with its clinic time, and a cancellation by the patient', async () => {
    const pms = reception.host.host.container.resolve(TOKENS.AppointmentSource) as PmsSimulator;
    const before = await book();
    const [confirming, cancelling] = [byName(before, 'Noor Haddad'), before.find((a) => a.patient.name !== 'Noor Haddad')!];
    await pms.confirmAppointment(confirming.id, '2026-11-23T07:05:00+11:00');
    await pms.cancelAppointment(cancelling.id);

    const after = await book();
    expect(byName(after, 'Noor Haddad')).to.include({ confirmedAt: '2026-11-23T07:05:00+11:00', status: 'booked' });
    expect(byName(after, cancelling.patient.name)).to.include({ status: 'cancelled', cancellationReason: 'patient' });

    const page = await reception.visit('/simulator');
    await simRow(page, 'Noor Haddad').getByText('Confirmed by text 07:05').waitFor();
    await simRow(page, cancelling.patient.name).getByText('Cancelled by the patient').waitFor();
    await screenshot(page, 'simulator-answers');
    await expectAccessible(page, 'Simulator with patients’ answers');
  });
});
