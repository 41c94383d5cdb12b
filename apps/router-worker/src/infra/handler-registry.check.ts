import { JOBS_BY_QUEUE, QueueName } from '@app/queues';

/** Every job name a queue declares must have a handler; a missing one stops the boot. */
export function assertEveryJobHandled(handlers: Readonly<Record<QueueName, readonly string[]>>): void {
  const missing = (Object.keys(JOBS_BY_QUEUE) as QueueName[]).flatMap((queue) =>
    JOBS_BY_QUEUE[queue].filter((job) => !(handlers[queue] ?? []).includes(job)).map((job) => `${queue}/${job}`),
  );
  if (missing.length > 0) throw new Error(`no handler for job(s): ${missing.join(', ')}`);
}
