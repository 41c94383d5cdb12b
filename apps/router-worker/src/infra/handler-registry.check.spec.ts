import { JOBS_BY_QUEUE } from '@app/queues';
import { DeliveryProcessor } from '../deliveries/delivery.processor';
import { MaintenanceProcessor } from '../maintenance/maintenance.processor';
import { OutboxProcessor } from '../outbox/outbox.processor';
import { assertEveryJobHandled } from './handler-registry.check';

describe('job handler registry', () => {
  const built = {
    maintenance: MaintenanceProcessor.handles,
    outbox: OutboxProcessor.handles,
    delivery: DeliveryProcessor.handles,
  };

  it('accepts the processors as built', () => {
    expect(() => assertEveryJobHandled(built)).not.toThrow();
  });

  it('refuses to boot when a declared job has no handler', () => {
    expect(JOBS_BY_QUEUE.maintenance.length).toBeGreaterThan(0);
    expect(() => assertEveryJobHandled({ ...built, maintenance: [] })).toThrow(
      /no handler for job\(s\): maintenance\/sessions\.prune-index/,
    );
    expect(() => assertEveryJobHandled({ ...built, outbox: [], delivery: [] })).toThrow(
      /no handler for job\(s\): outbox\/outbox\.event, delivery\/delivery\.attempt/,
    );
  });
});
