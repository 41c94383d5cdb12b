/** Calendar codes as the database allows them, e.g. `VN-default`. */
export const CALENDAR_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/;
