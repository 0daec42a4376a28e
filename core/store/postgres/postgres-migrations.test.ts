import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { expectRejection } from '@clinic-arrivals/plugin-kit/testing';
import { expect } from 'chai';
import { StoreVersionError } from '../errors.js';
import { latestPostgresVersion, migratePostgres, POSTGRES_MIGRATIONS, type PostgresMigration } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { createPostgresPool } from './pool.js';
import { TestSchema, testPostgresUrl } from './test-support.js';

/** Each test migrates a fresh schema of its own. */
describe('PostgreSQL store migrations', () => {
  let url: string | undefined;
  let schema: TestSchema;

  before(async function () {
    url = await testPostgresUrl();
    if (!url) this.skip();
  });
  beforeEach(async () => {
    schema = await TestSchema.create(url!);
  });
  afterEach(async () => {
    await schema.drop();
  });

  it('migrates once when two processes start together on a fresh schema: both succeed, each version applied once', async () => {
    const [a, b] = [schema.pool(2), schema.pool(2)];
    const applied = await Promise.all([migratePostgres(a), migratePostgres(b)]);
    const all = POSTGRES_MIGRATIONS.map((m) => m.version);
    expect(applied.map((versions) => versions.length).sort()).to.deep.equal([0, all.length]);
    expect(applied.flat().sort((x, y) => x - y)).to.deep.equal(all);
    const { rows } = await a.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((row) => row.version)).to.deep.equal(all);
    expect(await migratePostgres(b), 'up to date: nothing to do').to.deep.equal([]);
  });

  it('applies later steps to an older schema, in order, and rolls a failing step back completely', async () => {
    const pool = schema.pool();
    expect(await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, 2))).to.deep.equal([1, 2]);
    expect(await migratePostgres(pool)).to.deep.equal(POSTGRES_MIGRATIONS.slice(2).map((m) => m.version));
    const next = latestPostgresVersion() + 1;
    const steps: PostgresMigration[] = [
      { version: next, description: 'fine', sql: 'CREATE TABLE extra (x int)' },
      { version: next + 1, description: 'broken', sql: 'CREATE TABLE broken (' },
    ];
    await expectRejection(() => migratePostgres(pool, [...POSTGRES_MIGRATIONS, ...steps]), Error);
    const { rows } = await pool.query<{ version: number; extra: string | null }>(
      `SELECT max(version) AS version, to_regclass('extra')::text AS extra FROM schema_migrations`,
    );
    expect(rows[0]).to.deep.equal({ version: latestPostgresVersion(), extra: null });
  });

  it('refuses a schema migrated by a newer version, untouched, and a store on a schema not migrated yet', async () => {
    const pool = schema.pool();
    const clock = new SystemClock();
    const behind = await expectRejection(() => openPostgresStore({ pool, clinicId: 'c1', clock }), Error);
    expect(behind.message).to.contain('run migratePostgres first');
    await migratePostgres(pool);
    await pool.query(`INSERT INTO schema_migrations (version, description) VALUES ($1, 'from the future')`, [latestPostgresVersion() + 1]);
    const newer = await expectRejection(() => migratePostgres(pool), StoreVersionError);
    expect(newer.code).to.equal('CA_ERR_STORE_VERSION');
    await expectRejection(() => openPostgresStore({ pool, clinicId: 'c1', clock }), StoreVersionError);
    const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
    expect(Number(rows[0]!.n)).to.equal(latestPostgresVersion() + 1);
  });

  it('gives every table a clinic_id that every primary and unique key includes', async () => {
    const pool = schema.pool();
    await migratePostgres(pool);
    const { rows: tables } = await pool.query<{ table_name: string; clinic_id: string | null }>(
      `SELECT t.table_name, c.is_nullable AS clinic_id FROM information_schema.tables t
        LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'clinic_id'
        WHERE t.table_schema = current_schema() AND t.table_name <> 'schema_migrations' ORDER BY t.table_name`,
    );
    expect(tables.length).to.be.greaterThan(15);
    expect(tables.filter((t) => t.clinic_id !== 'NO').map((t) => t.table_name)).to.deep.equal([]);
    const { rows: keys } = await pool.query<{ index: string; definition: string }>(
      `SELECT i.indexrelid::regclass::text AS index, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND i.indisunique AND c.relname <> 'schema_migrations'`,
    );
    expect(keys.length).to.be.greaterThan(15);
    expect(keys.filter((k) => !/\(clinic_id, /.test(k.definition)).map((k) => k.index)).to.deep.equal([]);
  });
});

describe('createPostgresPool', () => {
  it('refuses a schema name it would have to quote (PostgreSQL folds unquoted names to lower case)', () => {
    for (const schema of ['Clinic', 'a-b', '1a', 'a b', '']) {
      expect(() => createPostgresPool('postgres://127.0.0.1:1/none', { schema }), schema).to.throw(TypeError);
    }
  });
});
