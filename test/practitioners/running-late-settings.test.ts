import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { PractitionerDirectory } from '../../core/runtime/practitioner-directory.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';

describe('practitioner settings: reception’s running-late override and mute reach the engine', () => {
  it('map() carries lateOverride and lateTextsMutedOn from the store, next to the config’s settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-late-'));
    const store = await openSqliteStore(join(dir, 'store.sqlite'), { clock: new ManualClock('2026-11-23T08:00:00+11:00') });
    try {
      await store.savePractitioner({
        practitionerId: 'prac-lee',
        name: 'Dr Lee',
        lateOverride: { minutes: 40, day: '2026-11-23', setAt: 1 },
        lateTextsMutedOn: '2026-11-23',
      });
      await store.savePractitioner({ practitionerId: 'prac-kim', name: 'Dr Kim' });
      const directory = new PractitionerDirectory(store, { 'prac-lee': { room: 'room 7' } });
      const map = await directory.map();
      expect(map.get('prac-lee')).to.deep.equal({
        practitionerId: 'prac-lee',
        name: 'Dr Lee',
        room: 'room 7',
        lateOverride: { minutes: 40, day: '2026-11-23', setAt: 1 },
        lateTextsMutedOn: '2026-11-23',
      });
      expect(map.get('prac-kim')).to.deep.equal({ practitionerId: 'prac-kim', name: 'Dr Kim' });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
