import { timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError } from '@app/observability';
import { generateWebhookSecret } from '../signing/webhook-signature';
import { allowedNetworkList, targetUrlProblem } from './egress';

/** The code of the delivery target the seed creates (inactive) for the national public-service portal. */
export const NATIONAL_TARGET_CODE = 'national-portal';

export interface PointNationalTargetInput {
  /** Where the national portal takes status pushes (http or https, no credentials). */
  url: string;
  /**
   * The signing secret the receiver already holds, if any: kept when it is the target's current one, otherwise
   * the target gets a new secret, returned once.
   */
  knownSecret: string | null;
  /** DELIVERY_ALLOWED_NETWORKS of the deployment: the same egress rules as for an administrator's edit. */
  allowedNetworks: readonly string[];
  /** Default: `national-portal`. */
  code?: string;
}

export interface PointNationalTargetResult {
  code: string;
  url: string;
  active: true;
  /** The secret the target signs with from now on. */
  secret: string;
  /** True when the target got a new secret (the receiver must take `secret`). */
  secretChanged: boolean;
  /** True when the URL differed from the one the target had. */
  urlChanged: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Points a national-portal delivery target at a receiver and switches it on (push, active), for an operator on the
 * server (no signed-in administrator: `RouteService.updateTarget` needs one). The URL passes the same checks as an
 * administrator's edit. The signing secret is kept when the receiver already holds it; otherwise a new one replaces
 * it at once, without an overlap (the receiver has only the new one), and is returned. One transaction.
 */
export async function pointNationalTarget(
  dataSource: DataSource,
  input: PointNationalTargetInput,
): Promise<PointNationalTargetResult> {
  const code = input.code ?? NATIONAL_TARGET_CODE;
  const url = input.url.trim();
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new DomainError('validation_failed', `url must be an http(s) URL without credentials, got "${url}"`, {
      errors: [{ field: 'url', messages: ['must be an http(s) URL without credentials'] }],
    });
  }
  const problem = await targetUrlProblem(parsed, allowedNetworkList(input.allowedNetworks));
  if (problem) {
    throw new DomainError(
      'validation_failed',
      `url must not point at a loopback, private or reserved address unless DELIVERY_ALLOWED_NETWORKS lists it (${problem})`,
      { errors: [{ field: 'url', messages: ['must not point at a loopback, private or reserved address'] }] },
    );
  }
  return dataSource.transaction(async (em) => {
    const [row] = await em.query<Array<{ kind: string; url: string | null; secret: string | null }>>(
      `SELECT kind, url, secret FROM delivery_target WHERE code = $1 FOR UPDATE`,
      [code],
    );
    if (!row) throw new DomainError('not_found', `No delivery target ${code}: run the seed command first.`);
    if (row.kind !== 'national_portal') {
      throw new DomainError('conflict', `Delivery target ${code} is not a national-portal target (${row.kind}).`);
    }
    const keep = row.secret !== null && input.knownSecret !== null && sameSecret(row.secret, input.knownSecret);
    const secret = keep && row.secret !== null ? row.secret : generateWebhookSecret();
    await em.query(
      `UPDATE delivery_target
          SET mode = 'push', url = $2, active = true, secret = $3,
              previous_secret = CASE WHEN $4 THEN previous_secret END,
              previous_secret_expires_at = CASE WHEN $4 THEN previous_secret_expires_at END,
              updated_at = now()
        WHERE code = $1`,
      [code, parsed.href, secret, keep],
    );
    return { code, url: parsed.href, active: true, secret, secretChanged: !keep, urlChanged: row.url !== parsed.href };
  });
}
