import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { firstRow } from '@app/database';
import { DomainError } from '@app/observability';
import { RATING_CLOCK, RATING_OPTIONS, RatingClock, RatingOptions } from './rating.options';

/** Letters and digits without look-alikes (0/O, 1/I/L), easy to type on a tablet. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 8 characters: 31^8 ≈ 8.5·10^11 codes, each valid for minutes and tried within the lookup limits per address. */
export const PAIRING_CODE_LENGTH = 8;
export const COUNTER_LABEL_MAX = 60;

/** A tablet paired to (or waiting to be paired to) a clerk's counter. */
export interface CounterDevice {
  id: string;
  agencyCode: string;
  agencyName: string;
  clerkSubject: string;
  clerkName: string;
  label: string;
  state: 'pending' | 'paired';
  /** Until when the pairing code is valid (pending) or the tablet stays paired (paired). */
  expiresAt: Date;
  pairedAt: Date | null;
}

interface DeviceRow {
  id: string;
  agency_code: string;
  agency_name: string;
  clerk_subject: string;
  clerk_name: string;
  label: string;
  token_hash: string | null;
  pairing_expires_at: Date | null;
  expires_at: Date | null;
  paired_at: Date | null;
}

const DEVICE = `
  SELECT c.id, a.code AS agency_code, a.name AS agency_name, c.clerk_subject, c.clerk_name, c.label, c.token_hash,
         c.pairing_expires_at, c.expires_at, c.paired_at
    FROM counter_device c JOIN agency a ON a.id = c.agency_id`;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function deviceOf(r: DeviceRow): CounterDevice {
  const paired = r.token_hash !== null;
  return {
    id: r.id,
    agencyCode: r.agency_code,
    agencyName: r.agency_name,
    clerkSubject: r.clerk_subject,
    clerkName: r.clerk_name,
    label: r.label,
    state: paired ? 'paired' : 'pending',
    expiresAt: (paired ? r.expires_at : r.pairing_expires_at) ?? new Date(0),
    pairedAt: r.paired_at,
  };
}

/** The pairing code as typed: case, spaces and dashes do not matter. */
export function normalisePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * Counter tablets bound to a clerk's desk (NĐ 118/2025 Điều 31 khoản 1 điểm b: electronic evaluation devices at the
 * one-stop desk), the only writer of `counter_device`. A signed-in clerk asks for a one-time code; the tablet, which
 * never signs in, enters it and receives a random token for its cookie. Only hashes are stored. The binding, not the
 * citizen, is authenticated: the tablet rates only the dossier its clerk returned last. The clerk unpairs it at will;
 * a pairing ends by itself after `devicePairingHours`.
 */
@Injectable()
export class CounterDeviceService {
  private readonly clock: RatingClock;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RATING_OPTIONS) private readonly options: RatingOptions,
    @Optional() @Inject(RATING_CLOCK) clock?: RatingClock,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /** A clerk of an agency starts pairing a tablet named `label`: returns the one-time code to type on it. */
  async startPairing(principal: Principal, label: string): Promise<{ device: CounterDevice; code: string }> {
    if (!principal.roles.includes('clerk') || !principal.agency) {
      throw new DomainError('forbidden', 'Only a clerk of an agency pairs a counter tablet.');
    }
    const name = label.replace(/\s+/g, ' ').trim();
    if (name === '' || [...name].length > COUNTER_LABEL_MAX) {
      throw new DomainError('validation_failed', 'The tablet needs a name.', {
        errors: [
          {
            field: 'label',
            code: name === '' ? 'required' : 'too_large',
            messages: [`must be 1–${COUNTER_LABEL_MAX} characters`],
          },
        ],
      });
    }
    let code = '';
    for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    const now = this.clock();
    const until = new Date(now.getTime() + this.options.pairingCodeMinutes * 60_000);
    const inserted = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO counter_device (agency_id, clerk_subject, clerk_name, label, pairing_code_hash, pairing_expires_at,
                                   created_at)
       SELECT a.id, $2, $3, $4, $5, $6, $7 FROM agency a WHERE a.code = $1
       RETURNING id`,
      [principal.agency, principal.subject, principal.name, name, sha256(code), until, now],
    );
    const { id } = firstRow(inserted, 'counter_device');
    return { device: await this.get(id), code };
  }

  /**
   * The tablet types the code: it becomes paired and gets its token (for an HttpOnly cookie; never shown). A wrong,
   * used or expired code is not_found.
   */
  async completePairing(code: string): Promise<{ device: CounterDevice; token: string }> {
    const typed = normalisePairingCode(code);
    if (typed.length !== PAIRING_CODE_LENGTH) throw new DomainError('not_found', 'No tablet waits for this code.');
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const until = new Date(now.getTime() + this.options.devicePairingHours * 3600_000);
    const updated = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE counter_device
          SET pairing_code_hash = NULL, pairing_expires_at = NULL, token_hash = $2, paired_at = $3, expires_at = $4
        WHERE pairing_code_hash = $1 AND pairing_expires_at > $3 AND unpaired_at IS NULL
        RETURNING id`,
      [sha256(typed), sha256(token), now, until],
    );
    const [row] = updated[0];
    if (!row) throw new DomainError('not_found', 'No tablet waits for this code.');
    return { device: await this.get(row.id), token };
  }

  /** The paired tablet holding `token`, or null when the token is unknown, unpaired or expired. */
  async byToken(token: string | undefined): Promise<CounterDevice | null> {
    if (!token || token.length > 128) return null;
    const [row] = await this.dataSource.query<DeviceRow[]>(
      `${DEVICE} WHERE c.token_hash = $1 AND c.unpaired_at IS NULL AND c.expires_at > $2`,
      [sha256(token), this.clock()],
    );
    return row ? deviceOf(row) : null;
  }

  /** The clerk's tablets still paired, and those still waiting for their code, newest first. */
  async listForClerk(principal: Principal): Promise<CounterDevice[]> {
    const rows = await this.dataSource.query<DeviceRow[]>(
      `${DEVICE}
        WHERE c.clerk_subject = $1 AND c.unpaired_at IS NULL
          AND (c.expires_at > $2 OR c.pairing_expires_at > $2)
        ORDER BY c.created_at DESC`,
      [principal.subject, this.clock()],
    );
    return rows.map(deviceOf);
  }

  /** The clerk unpairs one of their tablets (or withdraws its code): its cookie opens nothing from now on. */
  async unpair(principal: Principal, id: string): Promise<void> {
    const [rows] = await this.dataSource.query<[Array<{ id: string }>, number]>(
      `UPDATE counter_device SET unpaired_at = $3, pairing_code_hash = NULL, pairing_expires_at = NULL
        WHERE id = $1 AND clerk_subject = $2 AND unpaired_at IS NULL
        RETURNING id`,
      [id, principal.subject, this.clock()],
    );
    if (rows.length === 0) throw new DomainError('not_found', 'No such tablet.');
  }

  private async get(id: string): Promise<CounterDevice> {
    return deviceOf(
      firstRow(await this.dataSource.query<DeviceRow[]>(`${DEVICE} WHERE c.id = $1`, [id]), 'counter_device'),
    );
  }
}
