/** Interface text of the calendar pages, Vietnamese first. */
export const CALENDAR_MESSAGES = {
  vi: {},
  en: {},
} as const;
