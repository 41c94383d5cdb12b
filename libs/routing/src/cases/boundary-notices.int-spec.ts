import { DataSource } from 'typeorm';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { CalendarService, seedCalendar } from '@app/calendar';
import { createDataSource } from '@app/database';
import { CalendarDeadlines, DossierService } from '@app/dossiers';
import { RegimeService } from '@app/regimes';
import { DEMO_AGENCIES, seedProcedures } from '@app/seed';
import { createTestDatabase, fillForm, publishedProcedure, TestDatabase } from '@app/testing';
import type { StatusChangedPayload } from '../national/national-sync';
import { announceBoundaryHandOver } from './boundary-notices';

const DESK = '000.17.22.H56';
const DECIDING = '000.20.22.H56';

describe('hand-overs of a dossier received at one centre and decided at another, announced', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: DossierService;
  const clerk: Principal = {
    subject: 'clerk-desk',
    kind: 'user',
    username: 'clerk-desk',
    name: 'clerk-desk',
    email: null,
    roles: ['clerk'],
    agency: DESK,
    agencyName: null,
    clientId: 'portal-web',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    await seedCalendar(ds);
    await seedProcedures(ds);
    service = new DossierService(ds, new CalendarDeadlines(new CalendarService(ds)), new RegimeService(ds));
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const notices = (dossierId: string) =>
    ds.query<Array<{ agency: string; role: string; kind: string; message: string }>>(
      `SELECT a.code AS agency, n.recipient_role AS role, n.kind, n.message
         FROM notification n JOIN agency a ON a.id = n.agency_id WHERE n.dossier_id = $1 ORDER BY n.id`,
      [dossierId],
    );

  it('tells the deciding ward’s leaders on reception and the desk’s clerks when the result is back', async () => {
    const formData = fillForm((await publishedProcedure(db.url, '1.004873')).formSchema);
    const applicant = { fullName: 'Võ Thị Sen', idNumber: null, phone: null, email: null, address: 'Kim Long' };
    const opened = await service.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: DESK,
      decidingAgencyCode: DECIDING,
      channel: 1,
      applicant,
      formData,
    });
    await service.act(clerk, opened.id, 'submit');
    const received = await service.act(clerk, opened.id, 'receive');
    const base = { dossierId: opened.id, code: received.code, agency: DESK, nationalStatus: null, occurredAt: '' };
    await ds.transaction((em) =>
      announceBoundaryHandOver(em, { ...base, action: 'receive', from: 'submitted', to: 'received' }),
    );
    await ds.transaction((em) =>
      announceBoundaryHandOver(em, { ...base, action: 'approve', from: 'awaiting_approval', to: 'result_ready' }),
    );
    // Other steps announce nothing.
    await ds.transaction((em) =>
      announceBoundaryHandOver(em, { ...base, action: 'assign', from: 'received', to: 'in_process' }),
    );
    expect(await notices(opened.id)).toEqual([
      {
        agency: DECIDING,
        role: 'leader',
        kind: 'dossier_received_for_decision',
        message: `Hồ sơ ${received.code} (Cấp Giấy xác nhận tình trạng hôn nhân) do Ủy ban nhân dân phường Thủy Xuân tiếp nhận được chuyển đến để phân công và giải quyết.`,
      },
      {
        agency: DESK,
        role: 'clerk',
        kind: 'result_back_for_return',
        message: `Kết quả hồ sơ ${received.code} (Cấp Giấy xác nhận tình trạng hôn nhân) do Ủy ban nhân dân phường Kim Long giải quyết đã chuyển về để trả cho công dân.`,
      },
    ]);

    // A dossier its own desk decides: nobody needs telling.
    const own = await service.open(clerk, {
      procedureCode: '1.004873',
      agencyCode: DESK,
      channel: 1,
      applicant,
      formData,
    });
    await service.act(clerk, own.id, 'submit');
    await service.act(clerk, own.id, 'receive');
    const payload: StatusChangedPayload = {
      ...base,
      dossierId: own.id,
      action: 'receive',
      from: 'submitted',
      to: 'received',
    };
    await ds.transaction((em) => announceBoundaryHandOver(em, payload));
    expect(await notices(own.id)).toEqual([]);
  });
});
