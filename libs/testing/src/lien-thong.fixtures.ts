import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { fillForm, publishedProcedure } from './dossier.helpers';

/** The seeded inter-agency procedure: khai sinh + thường trú (police) + thẻ BHYT (social insurance), one stage. */
export const LIEN_THONG_PROCEDURE = 'LT.KS-TT-BHYT';
/** The ward that receives the dossier and forwards it (the lead agency). */
export const LEAD_AGENCY = '000.17.22.H56';
/** The agencies of the procedure's first stage (both open when the dossier is forwarded). */
export const POLICE_AGENCY = '000.31.22.H56';
export const SOCIAL_INSURANCE_AGENCY = '000.40.17.H56';

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Loads the reference data a deployment seeds (agencies, procedures, working calendar, routes and delivery
 * targets) into a test database, through the libraries' own seed functions. The libraries are loaded on call:
 * jest's global setup imports this barrel without the `@app/*` module mapping.
 */
export async function seedLienThongDatabase(url: string): Promise<void> {
  const { createDataSource } = await import('@app/database');
  const { Agency, AgencyService } = await import('@app/agency');
  const { CALENDAR_ENTITIES, seedCalendar } = await import('@app/calendar');
  const { DEMO_AGENCIES, seedProcedures, seedRouting } = await import('@app/seed');
  const dataSource = createDataSource({
    url,
    entities: [Agency, ...CALENDAR_ENTITIES],
    applicationName: 'motcua-test-seed',
    poolSize: 2,
  });
  await dataSource.initialize();
  try {
    await new AgencyService(dataSource).upsertDirectory(DEMO_AGENCIES);
    await seedProcedures(dataSource);
    await seedCalendar(dataSource);
    await seedRouting(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

export interface PushTargetSettings {
  /** The receiver's URL. */
  url: string;
  /** The current secret (generateWebhookSecret()). */
  secret: string;
  /** A rotated-out secret still signed with until it expires (two signatures per message meanwhile). */
  previousSecret?: string | null;
  timeoutMs?: number;
}

/**
 * Points an agency's delivery target at a receiver in push mode, as an administrator would configure it, and closes
 * its circuit. Returns the target's id.
 */
export async function configurePushTarget(url: string, agencyCode: string, push: PushTargetSettings): Promise<string> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `UPDATE delivery_target t
          SET mode = 'push', url = $2, secret = $3, previous_secret = $4,
              previous_secret_expires_at = CASE WHEN $4::text IS NULL THEN NULL ELSE now() + interval '1 day' END,
              timeout_ms = $5, active = true, consecutive_failures = 0, circuit_open_until = NULL, circuit_opened_count = 0,
              updated_at = now()
         FROM agency a
        WHERE a.id = t.agency_id AND a.code = $1
        RETURNING t.id`,
      [agencyCode, push.url, push.secret, push.previousSecret ?? null, push.timeoutMs ?? 5_000],
    );
    const [row] = rows;
    if (!row) throw new Error(`agency ${agencyCode} has no delivery target (is the database seeded?)`);
    return row.id;
  });
}

/** Sets an agency's delivery mode to pull or inbox (no deliveries are planned for it). */
export async function configureNonPushTarget(url: string, agencyCode: string, mode: 'pull' | 'inbox'): Promise<void> {
  await withClient(url, async (c) => {
    const { rowCount } = await c.query(
      `UPDATE delivery_target t SET mode = $2, updated_at = now() FROM agency a
        WHERE a.id = t.agency_id AND a.code = $1`,
      [agencyCode, mode],
    );
    if (!rowCount) throw new Error(`agency ${agencyCode} has no delivery target (is the database seeded?)`);
  });
}

/** The Vietnamese calendar date `daysBack` days before `now`, as YYYY-MM-DD. */
function vietnamDay(now: Date, daysBack: number): string {
  return new Date(now.getTime() + 7 * 3600_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
}

const LOOKUP_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * Inserts `count` dossiers of the inter-agency procedure that a clerk of the lead agency has received and a
 * specialist is processing (status in_process), ready to be forwarded. Setup only: the forward itself must go
 * through DossierService. Codes come from the agency's daily sequence like real receptions (a day whose 9,999
 * numbers would overflow moves the batch to the day before); every row satisfies the dossier table's constraints.
 */
export async function createForwardableDossiers(url: string, count: number): Promise<string[]> {
  if (!Number.isInteger(count) || count < 1 || count > 9999) throw new RangeError('count must be 1–9999');
  const procedure = await publishedProcedure(url, LIEN_THONG_PROCEDURE);
  const formData = fillForm(procedure.formSchema);
  return withClient(url, async (c) => {
    const { rows: agencies } = await c.query<{ id: string }>(`SELECT id FROM agency WHERE code = $1`, [LEAD_AGENCY]);
    const [agency] = agencies;
    if (!agency) throw new Error(`agency ${LEAD_AGENCY} is not seeded`);
    const agencyId = agency.id;
    await c.query('BEGIN');
    try {
      const now = new Date();
      let day = '';
      let last = 0;
      for (let back = 0; back < 366 && last === 0; back++) {
        day = vietnamDay(now, back);
        const { rows } = await c.query<{ last_value: number }>(
          `INSERT INTO dossier_sequence (agency_id, day, last_value) VALUES ($1, $2, $3)
           ON CONFLICT ON CONSTRAINT dossier_sequence_pk DO UPDATE SET last_value = dossier_sequence.last_value + $3
           WHERE dossier_sequence.last_value + $3 <= 9999
           RETURNING last_value`,
          [agencyId, day, count],
        );
        last = rows[0]?.last_value ?? 0;
      }
      if (last === 0) throw new Error('no reception day left with enough dossier numbers');
      const yymmdd = day.slice(2).replace(/-/g, '');
      const codes = Array.from(
        { length: count },
        (_, i) => `${LEAD_AGENCY}-${yymmdd}-${String(last - count + 1 + i).padStart(4, '0')}`,
      );
      const lookupKeys = codes.map(() =>
        Array.from({ length: 8 }, () => LOOKUP_ALPHABET[randomInt(LOOKUP_ALPHABET.length)]).join(''),
      );
      const applicants = codes.map((_, i) => ({
        fullName: `Nguyễn Thị Công Dân ${i + 1}`,
        idNumber: `0460${String(90000000 + i).padStart(8, '0')}`,
        phone: '0905123456',
        email: null,
        address: 'Phường Thủy Biều, Huế',
      }));
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO dossier (code, status, channel, agency_id, procedure_version_id, applicant, form_data,
                              assignee_subject, lookup_key, submitted_at, received_at, counting_started_on, due_at,
                              created_by_subject)
         SELECT x.code, 'in_process', 1, $1, $2, x.applicant, $3, 'test-specialist', x.lookup_key,
                now() - interval '1 hour', now() - interval '50 minutes', $6::date, now() + interval '3 days',
                'test-clerk'
           FROM unnest($4::text[], $5::jsonb[], $7::text[]) AS x(code, applicant, lookup_key)
         RETURNING id`,
        [
          agencyId,
          procedure.versionId,
          formData,
          codes,
          applicants.map((a) => JSON.stringify(a)),
          vietnamDay(now, 0),
          lookupKeys,
        ],
      );
      await c.query('COMMIT');
      return rows.map((r) => r.id);
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    }
  });
}
