import { createDataSource } from '@app/database';
import { Agency, AgencyService, DEMO_AGENCIES } from '@app/agency';

/** Loads the reference data a fresh deployment starts with: the agency directory of the demo ward. Idempotent. */
export async function seedDemoData(url: string): Promise<number> {
  const dataSource = createDataSource({ url, entities: [Agency], applicationName: 'motcua-seed', poolSize: 1 });
  await dataSource.initialize();
  try {
    return await new AgencyService(dataSource).upsertDirectory(DEMO_AGENCIES);
  } finally {
    await dataSource.destroy();
  }
}
