/** Interface text of the catalogue pages, Vietnamese first. */
export const CATALOGUE_MESSAGES = {
  vi: {},
  en: {},
} as const;
