import { DirectoryAndProfiles1764000000000 } from './1764000000000-directory-and-profiles';

/** Every migration, in order. Listed explicitly: a bundled build cannot glob. Never edit a merged migration. */
export const MIGRATIONS = [DirectoryAndProfiles1764000000000];
