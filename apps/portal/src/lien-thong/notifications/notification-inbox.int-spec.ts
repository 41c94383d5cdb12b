import { DataSource } from 'typeorm';
import { DEMO_AGENCIES } from '@app/seed';
import { AgencyService } from '@app/agency';
import type { Principal } from '@app/auth';
import { createDataSource } from '@app/database';
import { createTestDatabase, TestDatabase, nth, first } from '@app/testing';
import { NotificationInbox } from './notification-inbox.service';

const WARD = '000.17.22.H56';
const POLICE = '000.31.22.H56';

function staff(subject: string, roles: Principal['roles'], agency: string): Principal {
  return {
    subject,
    kind: 'user',
    username: subject,
    name: subject,
    email: null,
    roles,
    agency,
    agencyName: null,
    clientId: 'portal-web',
  };
}

const specialist = staff('chuyenvien', ['specialist'], WARD);
const otherSpecialist = staff('chuyenvien-2', ['specialist'], WARD);
const leader = staff('lanhdao', ['leader'], WARD);
const officer = staff('congan', ['agency_officer'], POLICE);

describe('NotificationInbox on PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let inbox: NotificationInbox;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
    await new AgencyService(ds).upsertDirectory(DEMO_AGENCIES);
    inbox = new NotificationInbox(ds);
    const add = (agency: string, role: string | null, subject: string | null, kind: string) =>
      ds.query(
        `INSERT INTO notification (agency_id, recipient_role, recipient_subject, kind, message)
         SELECT id, $2, $3, $4::varchar, $4::text || ' message' FROM agency WHERE code = $1`,
        [agency, role, subject, kind],
      );
    await add(WARD, null, 'chuyenvien', 'apology_needed');
    await add(WARD, 'specialist', null, 'dossier_near_due');
    await add(WARD, 'leader', null, 'dossier_overdue');
    await add(POLICE, 'agency_officer', null, 'case_overdue');
    // The same role at another agency is not ours.
    await add(POLICE, 'specialist', null, 'case_near_due');
    for (let i = 0; i < 4; i++) await add(WARD, null, 'chuyenvien', `kind_${i}`);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('shows each person what is addressed to them or to one of their roles at their agency, newest first', async () => {
    const mine = await inbox.list(specialist, { unreadOnly: true });
    expect(mine.items.map((n) => [n.kind, n.personal])).toEqual([
      ['kind_3', true],
      ['kind_2', true],
      ['kind_1', true],
      ['kind_0', true],
      ['dossier_near_due', false],
      ['apology_needed', true],
    ]);
    expect((await inbox.list(otherSpecialist, { unreadOnly: true })).items.map((n) => n.kind)).toEqual([
      'dossier_near_due',
    ]);
    expect((await inbox.list(leader, { unreadOnly: true })).items.map((n) => n.kind)).toEqual(['dossier_overdue']);
    expect((await inbox.list(officer, { unreadOnly: true })).items.map((n) => n.kind)).toEqual(['case_overdue']);
    expect(await inbox.unreadCount(specialist)).toBe(6);
  });

  it('pages back from the oldest shown', async () => {
    const first = await inbox.list(specialist, { unreadOnly: false, limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextBefore).toBe(nth(first.items, 3).id);
    const rest = await inbox.list(specialist, { unreadOnly: false, before: first.nextBefore, limit: 4 });
    expect(rest.items.map((n) => n.kind)).toEqual(['dossier_near_due', 'apology_needed']);
    expect(rest.nextBefore).toBeNull();
  });

  it('marks one read for the team, refuses anyone else’s, then marks the rest', async () => {
    const teamItem = first((await inbox.list(otherSpecialist, { unreadOnly: true })).items, 'notification');
    await inbox.markRead(otherSpecialist, teamItem.id);
    await inbox.markRead(otherSpecialist, teamItem.id);
    expect(await inbox.unreadCount(specialist)).toBe(5);

    const policeItem = first((await inbox.list(officer, { unreadOnly: true })).items, 'notification');
    await expect(inbox.markRead(specialist, policeItem.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(inbox.markRead(specialist, 'abc')).rejects.toMatchObject({ code: 'not_found' });
    expect(await inbox.unreadCount(officer)).toBe(1);

    expect(await inbox.markAllRead(specialist)).toBe(5);
    expect(await inbox.unreadCount(specialist)).toBe(0);
    expect((await inbox.list(specialist, { unreadOnly: false })).items.every((n) => n.readAt !== null)).toBe(true);
    expect(await inbox.unreadCount(leader)).toBe(1);
  });
});
