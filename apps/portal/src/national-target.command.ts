import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadPortalConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { NATIONAL_TARGET_CODE, pointNationalTarget } from '@app/routing';

export const NATIONAL_TARGET_USAGE =
  'usage: main.js national-target --url <status webhook URL> [--secret-file <path>]   (default var/run/national-portal-sim.secret)';

/** Where `npm run up` keeps the simulator's signing secret (scripts/up.sh passes it as SIM_WEBHOOK_SECRET). */
export const DEFAULT_SECRET_FILE = 'var/run/national-portal-sim.secret';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
}

type Env = Readonly<Record<string, string | undefined>>;

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): { url: string; secretFile: string } {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    if (flag !== '--url' && flag !== '--secret-file') throw new UsageError(`unknown argument ${flag}`);
    if (options.has(flag)) throw new UsageError(`${flag} is given twice`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--') || value.trim() === '') {
      throw new UsageError(`${flag} needs a value`);
    }
    options.set(flag, value.trim());
  }
  const url = options.get('--url');
  if (!url) throw new UsageError('--url is required');
  return { url, secretFile: options.get('--secret-file') ?? DEFAULT_SECRET_FILE };
}

/** The secret the receiver holds, or null when the file is missing or does not hold a whsec_ secret. */
function readKnownSecret(file: string): string | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8').trim();
  return /^whsec_[A-Za-z0-9+/]+={0,2}$/.test(text) ? text : null;
}

/** Owner-only, written whole or not at all. */
function writeSecret(file: string, secret: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${secret}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/**
 * `national-target --url <url> [--secret-file <path>]`: points the delivery target `national-portal` at the given
 * status webhook, switches it on, and makes sure the receiver and the target share a signing secret — the one in the
 * secret file when the target already signs with it, else a new one written to the file (mode 600). Prints a JSON
 * line (never the secret). Exit 0 done, 1 refused (the reason is printed), 2 bad arguments.
 */
export async function nationalTargetCommand(argv: readonly string[], env: Env, io: CommandIo): Promise<number> {
  let args: { url: string; secretFile: string };
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${NATIONAL_TARGET_USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const config = loadPortalConfig(env);
  const secretFile = resolve(args.secretFile);
  const db = createDataSource({ url: config.database.url, applicationName: 'motcua-national-target', poolSize: 1 });
  await db.initialize();
  try {
    const result = await pointNationalTarget(db, {
      code: NATIONAL_TARGET_CODE,
      url: args.url,
      knownSecret: readKnownSecret(secretFile),
      allowedNetworks: config.egress.allowedNetworks,
    });
    if (result.secretChanged) writeSecret(secretFile, result.secret);
    io.out(
      `${JSON.stringify({
        msg: 'national-portal delivery target set',
        target: result.code,
        url: result.url,
        active: result.active,
        urlChanged: result.urlChanged,
        secretChanged: result.secretChanged,
        secretFile,
      })}\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      io.err(`national-target: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
