import { JOBS_BY_QUEUE } from '@app/queues';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { assertEveryJobHandled } from './handler-registry.check';

describe('job handler registry', () => {
  it('accepts the processors as built', () => {
    expect(() => assertEveryJobHandled({ maintenance: MaintenanceProcessor.handles })).not.toThrow();
  });

  it('refuses to boot when a declared job has no handler', () => {
    expect(JOBS_BY_QUEUE.maintenance.length).toBeGreaterThan(0);
    expect(() => assertEveryJobHandled({ maintenance: [] })).toThrow(
      /no handler for job\(s\): maintenance\/sessions\.prune-index/,
    );
  });
});
