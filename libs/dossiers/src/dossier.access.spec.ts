import type { Principal } from '@app/auth';
import { actorFor } from './dossier.access';

const base: Principal = {
  subject: 's',
  kind: 'user',
  username: 'u',
  name: 'n',
  email: null,
  roles: [],
  agency: null,
  agencyName: null,
  clientId: 'portal-web',
};
const owner = { ...base, subject: 'citizen-1', roles: ['citizen' as const] };
const otherCitizen = { ...base, subject: 'citizen-2', roles: ['citizen' as const] };
const clerk = { ...base, subject: 'clerk-1', roles: ['clerk' as const], agency: '000.17.22.H56' };
const clerkElsewhere = { ...base, subject: 'clerk-2', roles: ['clerk' as const], agency: '000.00.17.H56' };
const dossier = { status: 'submitted', ownerSubject: 'citizen-1', agencyCode: '000.17.22.H56' };

describe('actorFor', () => {
  it('recognises the owner and the staff of the dossier agency', () => {
    expect(actorFor(owner, dossier)).toEqual({ kind: 'owner' });
    expect(actorFor(clerk, dossier)).toEqual({ kind: 'staff', roles: ['clerk'] });
  });

  it('gives nobody else any standing', () => {
    expect(actorFor(otherCitizen, dossier)).toBeNull();
    expect(actorFor(clerkElsewhere, dossier)).toBeNull();
    expect(actorFor({ ...clerk, roles: ['citizen'] }, dossier)).toBeNull();
  });

  it("keeps a citizen's draft private, but not a draft the desk opened for a walk-in", () => {
    expect(actorFor(clerk, { ...dossier, status: 'draft' })).toBeNull();
    expect(actorFor(owner, { ...dossier, status: 'draft' })).toEqual({ kind: 'owner' });
    expect(actorFor(clerk, { ...dossier, status: 'draft', ownerSubject: null })).toEqual({
      kind: 'staff',
      roles: ['clerk'],
    });
  });
});

describe('actorFor with a desk receiving for another agency (NĐ 118/2025 Điều 14 khoản 2)', () => {
  const deciding = '000.20.22.H56';
  const split = { status: 'received', ownerSubject: null, agencyCode: '000.17.22.H56', decidingAgencyCode: deciding };
  const leaderThere = { ...base, subject: 'leader-2', roles: ['leader' as const], agency: deciding };

  it('puts the receiving desk on the desk side, and the deciding authority on its side once received', () => {
    expect(actorFor(clerk, { ...split, received: true })).toEqual({ kind: 'staff', roles: ['clerk'], side: 'desk' });
    expect(actorFor(leaderThere, { ...split, received: true })).toEqual({
      kind: 'staff',
      roles: ['leader'],
      side: 'deciding',
    });
  });

  it('shows the deciding authority nothing before the desk has received it, and other agencies nothing at all', () => {
    expect(actorFor(leaderThere, { ...split, status: 'submitted', received: false })).toBeNull();
    expect(actorFor(clerkElsewhere, { ...split, received: true })).toBeNull();
  });

  it('keeps a dossier its own agency decides as before', () => {
    expect(actorFor(clerk, { ...split, decidingAgencyCode: null, received: true })).toEqual({
      kind: 'staff',
      roles: ['clerk'],
    });
  });
});

describe('actorFor with an agency that ceased in a merger (its successor answers for it)', () => {
  const ceased = '000.19.22.H56'; // phường Thủy Bằng, merged into phường Thủy Xuân on 01/07/2025
  const kimLong = '000.20.22.H56';
  const leaderKimLong = { ...base, subject: 'leader-3', roles: ['leader' as const], agency: kimLong };
  const own = { status: 'received', ownerSubject: null, agencyCode: ceased, agencyAnsweringCode: '000.17.22.H56' };

  it('gives the successor’s staff the ceased desk’s standing, and nobody else', () => {
    expect(actorFor(clerk, { ...own, received: true })).toEqual({ kind: 'staff', roles: ['clerk'] });
    expect(actorFor(leaderKimLong, { ...own, received: true })).toBeNull();
    expect(actorFor(clerk, { ...own, agencyAnsweringCode: null, received: true })).toBeNull();
  });

  it('keeps the sides of a split dossier, and gives both to one agency answering for both', () => {
    const split = { ...own, decidingAgencyCode: kimLong, received: true };
    expect(actorFor(clerk, split)).toEqual({ kind: 'staff', roles: ['clerk'], side: 'desk' });
    expect(actorFor(leaderKimLong, split)).toEqual({ kind: 'staff', roles: ['leader'], side: 'deciding' });
    // The ceased ward's desk had received it for Thủy Xuân, which now answers for the desk too.
    const merged = { ...own, decidingAgencyCode: '000.17.22.H56', received: true };
    expect(actorFor(clerk, merged)).toEqual({ kind: 'staff', roles: ['clerk'] });
    // A ceased deciding authority is answered for by its successor once the desk has received the dossier.
    const decidedByCeased = {
      status: 'received',
      ownerSubject: null,
      agencyCode: kimLong,
      decidingAgencyCode: ceased,
      decidingAnsweringCode: '000.17.22.H56',
    };
    expect(actorFor(clerk, { ...decidedByCeased, received: true })).toEqual({
      kind: 'staff',
      roles: ['clerk'],
      side: 'deciding',
    });
    expect(actorFor(clerk, { ...decidedByCeased, status: 'submitted', received: false })).toBeNull();
  });
});
