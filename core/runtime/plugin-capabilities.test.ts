import { expect } from 'chai';
import type { AppointmentSource } from '@clinic-arrivals/plugin-kit';
import { pmsWritesOf } from './plugin-capabilities.js';

describe('pmsWritesOf', () => {
  const reads: AppointmentSource = {
    listAppointments: async () => ({ appointments: [] }),
    markArrived: async () => {},
    recordVideoConsult: async () => {},
  };

  it('says what the PMS plugin can write from the optional methods it has', () => {
    expect(pmsWritesOf(reads)).to.deep.equal({ canConfirm: false, canCancel: false });
    expect(pmsWritesOf({ ...reads, confirmAppointment: async () => {} })).to.deep.equal({ canConfirm: true, canCancel: false });
    expect(pmsWritesOf({ ...reads, cancelAppointment: async () => {} })).to.deep.equal({ canConfirm: false, canCancel: true });
    expect(pmsWritesOf({ ...reads, confirmAppointment: async () => {}, cancelAppointment: async () => {} })).to.deep.equal({
      canConfirm: true,
      canCancel: true,
    });
  });

  it('reads methods a class defines on its prototype, and nothing from a missing source', () => {
    class Book {
      listAppointments = reads.listAppointments;
      markArrived = reads.markArrived;
      recordVideoConsult = reads.recordVideoConsult;
      async confirmAppointment(): Promise<void> {}
    }
    expect(pmsWritesOf(new Book())).to.deep.equal({ canConfirm: true, canCancel: false });
    expect(pmsWritesOf(undefined)).to.deep.equal({ canConfirm: false, canCancel: false });
  });
});
