import { createDataSource } from '@app/database';
import { DEMO_AGENCIES, seedFeedbackCategories, seedProcedures, seedRouting } from '@app/seed';
import { Agency, AgencyService } from '@app/agency';
import { seedCalendar } from '@app/calendar';

/**
 * Loads the reference data a fresh deployment starts with: the demo ward's agency directory, procedure catalogue,
 * working calendar, liên thông routes with each agency's delivery mode, and the street-report categories. Idempotent.
 */
export async function seedDemoData(url: string): Promise<number> {
  const dataSource = createDataSource({ url, entities: [Agency], applicationName: 'motcua-seed', poolSize: 1 });
  await dataSource.initialize();
  try {
    const changed = await new AgencyService(dataSource).upsertDirectory(DEMO_AGENCIES);
    await seedProcedures(dataSource);
    await seedCalendar(dataSource);
    await seedRouting(dataSource);
    await seedFeedbackCategories(dataSource);
    return changed;
  } finally {
    await dataSource.destroy();
  }
}
