import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../core/runtime/logger.js';
import { describeProxyStorageContract } from '../../plugins/proxy-default/server/storage/storage-contract.js';
import { openSqliteProxyStorage } from '../../plugins/proxy-default/server/storage/sqlite-storage.js';
import { openPostgresProxyStorage } from '../../plugins/proxy-default/server/storage/postgres-storage.js';
import type { ProxyStorage } from '../../plugins/proxy-default/server/storage/types.js';
import { dropSchema, testPostgresUrl, uniqueSchemaName } from './postgres-support.js';

describeProxyStorageContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ca-proxy-storage-'));
  const file = join(dir, 'proxy.sqlite');
  let current: ProxyStorage = await openSqliteProxyStorage(file);
  return {
    storage: current,
    reopen: async () => {
      await current.close();
      current = await openSqliteProxyStorage(file);
      return current;
    },
    destroy: async () => {
      await current.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describeProxyStorageContract('postgres', async () => {
  const url = await testPostgresUrl();
  if (!url) return undefined;
  const schema = uniqueSchemaName();
  const logger = createLogger({ level: 'silent' });
  const open = () => openPostgresProxyStorage({ connectionString: url, schema, logger, poolSize: 4 });
  let current = await open();
  return {
    storage: current,
    reopen: async () => {
      await current.close();
      current = await open();
      return current;
    },
    destroy: async () => {
      await current.close();
      await dropSchema(url, schema);
    },
  };
});
