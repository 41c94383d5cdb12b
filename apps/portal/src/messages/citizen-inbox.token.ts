/** The portal's CitizenInbox (the citizen's messages and choices). */
export const CITIZEN_INBOX = Symbol('CITIZEN_INBOX');
