import { describeStoreConformance } from '@forecourt/shared/store/conformance';
import { pgRowStore } from '../../src/db/pg-store.ts';
import { databaseKinds } from '../support/databases.ts';

for (const kind of databaseKinds()) {
  describeStoreConformance(kind.name, async () => {
    const test = await kind.open();
    return {
      storeFor: (tenantId) => pgRowStore(test.db, tenantId, test.db),
      close: () => test.drop(),
    };
  });
}
