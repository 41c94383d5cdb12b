import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Views and compiled public files sit beside this file, in the source tree and in the built bundle alike. */
export const VIEWS_DIR = join(__dirname, 'views');
export const PUBLIC_DIR = existsSync(join(__dirname, 'public'))
  ? join(__dirname, 'public')
  : join(__dirname, '..', '..', '..', 'dist', 'apps', 'feedback', 'public');
