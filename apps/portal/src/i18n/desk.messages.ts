/** Interface text of the staff pages (desk, processing, approval), Vietnamese first. */
export const DESK_MESSAGES = {
  vi: {},
  en: {},
} as const;
