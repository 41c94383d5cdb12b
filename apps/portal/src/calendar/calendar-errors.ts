import type { FieldProblem } from '@app/observability';

/** Message keys for the service's field problems (the service's own messages are English, for API callers). */
export function calendarErrorKeys(problems: FieldProblem[]): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const p of problems) {
    if (p.field === 'date' && p.code === 'year_not_seeded') keys.date = 'calendar.error.dateNotSeeded';
    else if (p.field === 'kind' && p.code === 'weekday') keys.kind = 'calendar.error.kindWeekday';
    else keys[p.field] = `calendar.error.${p.field}`;
  }
  return keys;
}
