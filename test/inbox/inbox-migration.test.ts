import { expect } from 'chai';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { applyMigrations, MIGRATIONS } from '../../core/store/migrations.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { tmpFolder } from '../e2e/simulator-host.js';

describe('store migration: inbox conversations for texts stored before it', () => {
  let folder: ReturnType<typeof tmpFolder>;
  beforeEach(() => {
    folder = tmpFolder();
  });
  afterEach(() => folder.remove());

  it('gives every number that already texted its own opaque conversation id, keeping its texts', async () => {
    const path = join(folder.dir, 'older.sqlite');
    const inboxStep = MIGRATIONS.findIndex((m) => m.description.startsWith('inbox:'));
    expect(inboxStep).to.be.greaterThan(0);
    const db = new Database(path);
    applyMigrations(db, MIGRATIONS.slice(0, inboxStep));
    const insert = db.prepare(`INSERT INTO incoming (id, from_number, body, received_at, state, reason) VALUES (?, ?, ?, ?, ?, ?)`);
    insert.run('in-1', '+61400000001', 'Can I bring my son?', 1000, 'unprocessed', 'unexpected');
    insert.run('in-2', '+61400000001', 'Hello?', 2000, 'unprocessed', 'unexpected');
    insert.run('in-3', '+61400000002', 'YES', 1500, 'handled', null);
    db.close();

    const store = await openSqliteStore(path);
    try {
      const open = await store.listConversations({ open: true });
      expect(open.map((c) => [c.phone, c.unprocessed, c.reasons])).to.deep.equal([['+61400000001', 2, ['unexpected']]]);
      const closed = await store.listConversations({ open: false, since: 0 });
      expect(closed.map((c) => c.phone)).to.deep.equal(['+61400000002']);
      expect(open[0]!.id)
        .to.match(/^[0-9a-f]{32}$/)
        .and.not.equal(closed[0]!.id);
      expect(await store.conversationPhone(open[0]!.id)).to.equal('+61400000001');
      // A later text from the same number joins the same conversation.
      await store.recordIncoming({ id: 'in-4', from: '+61400000001', body: 'Anyone?', receivedAt: 3000 });
      expect((await store.listIncomingFrom('+61400000001', 0)).map((m) => m.id)).to.deep.equal(['in-1', 'in-2', 'in-4']);
      expect((await store.listConversations({ open: true }))[0]!.id).to.equal(open[0]!.id);
    } finally {
      await store.close();
    }
  });
});
