import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { DomainError } from '@app/observability';
import { Procedure, ProcedureService, ProcedureVersion } from '@app/procedures';
import { RegimeService } from '@app/regimes';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase } from '@app/testing';
import { CalendarDeadlines } from './calendar-deadlines';
import { DossierService, OpenDossierInput } from './dossier.service';
import { DossierFileService } from './files/dossier-file.service';
import { LocalFileStore } from './files/local-file.store';
import type { IdentityVerified } from './dossier.entity';

const WARD = '000.17.22.H56';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const MARRIAGE = '1.000894'; // the demo catalogue's procedure that needs a level-2 national identity
const MARITAL = '1.004873'; // any citizen account

function citizen(subject: string, level: 0 | 1 | 2): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: 'Nguyễn Văn An',
    email: null,
    roles: ['citizen'],
    agency: null,
    agencyName: null,
    clientId: 'portal-web',
    identityProvider: level > 0 ? 'vneid' : null,
    identityLevel: level,
  };
}

const PROVED: IdentityVerified = {
  provider: 'vneid',
  level: 2,
  fields: ['fullName', 'idNumber', 'birthDate', 'address'],
  formKeys: ['fullName', 'birthDate', 'cccd'],
};

/** Sign-in with the national identity: the catalogue's level-2 requirement, enforced by the server; the record. */
describe('national identity assurance on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let filesDir: string;
  let service: DossierService;
  let files: DossierFileService;
  let procedures: ProcedureService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 4, entities: [Procedure, ProcedureVersion] });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    filesDir = await mkdtemp(join(tmpdir(), 'motcua-identity-'));
    service = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
    files = new DossierFileService(ds, service, new LocalFileStore(filesDir), {
      maxFileBytes: 1024 * 1024,
      maxFilesPerDossier: 10,
    });
    procedures = new ProcedureService(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
    await rm(filesDir, { recursive: true, force: true });
  });

  /** A complete online draft of the procedure: its e-form filled, a file for every required document. */
  async function completeDraft(principal: Principal, code: string, over: Partial<OpenDossierInput> = {}) {
    const procedure = await publishedProcedure(db.url, code);
    const row = await service.open(principal, {
      procedureCode: code,
      agencyCode: WARD,
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: '046090001234', phone: null, email: null, address: 'Huế' },
      formData: fillForm(procedure.formSchema),
      ...over,
    });
    for (const [index, doc] of procedure.requiredDocuments.entries()) {
      if (doc.required === false) continue;
      await files.upload(principal, row.id, 'application', doc.code ?? `doc-${index + 1}`, [
        { originalName: 'giay-to.pdf', content: PDF },
      ]);
    }
    return row;
  }

  async function refusal(promise: Promise<unknown>): Promise<DomainError> {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }

  it('the catalogue says which procedures need level 2', async () => {
    expect((await procedures.findEffective(MARRIAGE))?.onlineIdentityLevel).toBe(2);
    expect((await procedures.findEffective(MARITAL))?.onlineIdentityLevel).toBe(1);
    const listed = await procedures.listEffective();
    expect(listed.find((p) => p.code === MARRIAGE)?.onlineIdentityLevel).toBe(2);
  });

  it('refuses the submission of a level-1 or password session, and changes nothing', async () => {
    for (const level of [0, 1] as const) {
      const principal = citizen(`citizen-level-${level}`, level);
      const draft = await completeDraft(principal, MARRIAGE);
      const err = await refusal(service.act(principal, draft.id, 'submit'));
      expect(err.code).toBe('forbidden');
      expect(err.details.extensions).toMatchObject({ missing: 'identity_level_2', identityLevel: level });
      const [row] = await ds.query<Array<{ status: string; submitted_at: Date | null }>>(
        `SELECT status, submitted_at FROM dossier WHERE id = $1`,
        [draft.id],
      );
      expect(row).toEqual({ status: 'draft', submitted_at: null });
    }
  });

  it('accepts it from a level-2 session, and any level for a procedure that needs less', async () => {
    const strong = citizen('citizen-level-2', 2);
    const draft = await completeDraft(strong, MARRIAGE);
    expect((await service.act(strong, draft.id, 'submit')).status).toBe('submitted');
    const weak = citizen('citizen-weak', 0);
    const other = await completeDraft(weak, MARITAL);
    expect((await service.act(weak, other.id, 'submit')).status).toBe('submitted');
  });

  it('takes a change of the requirement into account at the next submission', async () => {
    const weak = citizen('citizen-later', 1);
    const draft = await completeDraft(weak, MARITAL);
    await procedures.setOnlineIdentityLevel(MARITAL, 2);
    try {
      expect((await refusal(service.act(weak, draft.id, 'submit'))).code).toBe('forbidden');
    } finally {
      await procedures.setOnlineIdentityLevel(MARITAL, 1);
    }
    expect((await service.act(weak, draft.id, 'submit')).status).toBe('submitted');
    expect((await refusal(procedures.setOnlineIdentityLevel(MARITAL, 3))).code).toBe('validation_failed');
    expect((await refusal(procedures.setOnlineIdentityLevel('9.999999', 2))).code).toBe('not_found');
  });

  it('records what the national identity proved, only for a session brokered from it', async () => {
    const strong = citizen('citizen-record', 2);
    const opened = await service.open(strong, {
      procedureCode: MARITAL,
      agencyCode: WARD,
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: '046090001234', phone: null, email: null, address: 'Huế' },
      identityVerified: { ...PROVED, level: 1, fields: [...PROVED.fields, 'email' as never], formKeys: ['x;drop'] },
    });
    // The level is the session's, unknown fields and keys are dropped.
    expect(opened.identity_verified).toEqual({
      provider: 'vneid',
      level: 2,
      fields: ['fullName', 'idNumber', 'birthDate', 'address'],
      formKeys: [],
    });
    // A password session claims nothing, whatever it sends; an edit without the record keeps it.
    const password = citizen('citizen-record', 0);
    const edited = await service.updateDraft(password, opened.id, { identityVerified: PROVED });
    expect(edited.identity_verified).toBeNull();
    const again = await service.updateDraft(strong, opened.id, { identityVerified: PROVED });
    expect(again.identity_verified).toEqual(PROVED);
    const untouched = await service.updateDraft(strong, opened.id, { formData: {} });
    expect(untouched.identity_verified).toEqual(PROVED);
    const weak = await service.open(password, {
      procedureCode: MARITAL,
      agencyCode: WARD,
      channel: 2,
      applicant: { fullName: 'Nguyễn Văn An', idNumber: null, phone: null, email: null, address: null },
      identityVerified: PROVED,
    });
    expect(weak.identity_verified).toBeNull();
  });
});
