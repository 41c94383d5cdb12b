import type { DossierRow } from '@app/dossiers';

/**
 * A dossier row for unit tests of pure rules and page presenters: a citizen's online draft at the demo ward, nothing
 * submitted, received or due; `over` sets what the test is about.
 */
export function dossierRow(over: Partial<DossierRow> = {}): DossierRow {
  return {
    id: '6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f',
    code: null,
    title: null,
    status: 'draft',
    resume_status: null,
    channel: 2,
    agency_id: 'a1',
    agency_code: '000.17.22.H56',
    deciding_agency_id: null,
    deciding_agency_code: null,
    procedure_version_id: 'v1',
    owner_subject: 'citizen-1',
    applicant: { fullName: 'Nguyễn Văn An', idNumber: '046095000123', phone: null, email: null, address: 'Huế' },
    form_data: {},
    identity_verified: null,
    assignee_subject: null,
    lookup_key: 'K7M2P9X4QR',
    submitted_at: null,
    received_at: null,
    counting_started_on: null,
    due_at: null,
    paused_at: null,
    supplement_due_at: null,
    result_ready_at: null,
    returned_at: null,
    return_channel: null,
    closed_at: null,
    row_version: 1,
    created_at: new Date('2026-12-03T01:00:00Z'),
    updated_at: new Date('2026-12-03T01:00:00Z'),
    ...over,
  };
}
