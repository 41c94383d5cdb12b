/** Interface text of the dossier pages, Vietnamese first. */
export const DOSSIER_MESSAGES = {
  vi: {},
  en: {},
} as const;
