import { renderControlSheetForm, renderReceiptForm, renderSupplementRequestForm } from '@app/forms';
import { pdfText } from '@app/testing';
import { handoversFrom, recordedDocuments } from './dossier-forms.service';

const header = {
  agency: { name: 'Ủy ban nhân dân phường Thủy Biều', parentName: 'Ủy ban nhân dân thành phố Huế' },
  locality: 'Thủy Biều',
  issuedAt: new Date('2026-11-25T02:15:00Z'),
  lookupUrl: 'https://motcua.example.vn/lookup?code=000.17.22.H56-261125-0001&key=K7QX-93MD',
};
const applicant = { name: 'Nguyễn Văn An' };
const at = (minutes: number) => new Date(Date.parse('2026-11-25T02:00:00Z') + minutes * 60_000);

describe('legal forms from a dossier’s records', () => {
  it('renders Mẫu 05 for a forwarded dossier whose trail has entries by the routing system and agency systems', async () => {
    const events = [
      { action: 'create', actorName: 'Lê Thị Hoa', actorRole: 'clerk', reason: null, occurredAt: at(0) },
      { action: 'receive', actorName: 'Lê Thị Hoa', actorRole: 'clerk', reason: null, occurredAt: at(1) },
      {
        action: 'forward_to_agency',
        actorName: 'Chuyên viên',
        actorRole: 'specialist',
        reason: null,
        occurredAt: at(2),
      },
      // The router's own entries: no person, role "system"; an agency system answers through the API.
      { action: 'agency_case_opened', actorName: null, actorRole: 'system', reason: null, occurredAt: at(3) },
      {
        action: 'agency_result',
        actorName: 'agency-police',
        actorRole: 'agency_system',
        reason: 'Đã đăng ký',
        occurredAt: at(4),
      },
      { action: 'some_later_action', actorName: null, actorRole: null, reason: null, occurredAt: at(5) },
    ];
    const handovers = handoversFrom(events, at(60));
    expect(handovers.map((h) => h.receiver.unit)).toContain('Hệ thống');
    expect(handovers.every((h) => h.sender.name && h.sender.unit && h.receiver.name && h.receiver.unit)).toBe(true);
    const text = await pdfText(
      await renderControlSheetForm({
        ...header,
        dossierCode: '000.17.22.H56-261125-0001',
        applicant,
        procedureName: 'Liên thông đăng ký khai sinh',
        receivedAt: at(1),
        dueAt: at(60),
        leadAgencyName: header.agency.name,
        handovers,
      }),
    );
    expect(text).toContain('Chuyển hồ sơ đến cơ quan liên thông');
    expect(text).toContain('Hệ thống của cơ quan liên thông');
    expect(text).not.toContain('some_later_action');
  });

  it('lists on Mẫu 01 exactly the papers the reception recorded, and on Mẫu 02 exactly those missing', async () => {
    const received = recordedDocuments({
      code: 'x',
      documents: [
        { key: 'doc-1', name: 'Tờ khai đăng ký khai sinh', kind: 'original', count: 1 },
        { key: 'doc-2', name: 'Giấy chứng sinh', kind: 'photocopy', count: 2 },
      ],
    });
    expect(received).toHaveLength(2);
    const receipt = await pdfText(
      await renderReceiptForm({
        ...header,
        dossierCode: '000.17.22.H56-261125-0001',
        applicant,
        procedureName: 'Đăng ký khai sinh',
        documents: received ?? [],
        setCount: 1,
        receivedAt: at(1),
        dueAt: at(60),
        resultReturnPlace: 'Bộ phận Tiếp nhận và Trả kết quả',
        lookupKey: 'K7QX-93MD',
        clerkName: 'Lê Thị Hoa',
      }),
    );
    expect(receipt).toContain('Giấy chứng sinh Bản chụp 2');
    expect(receipt).toContain('Tờ khai đăng ký khai sinh Bản chính 1');
    expect(receipt).not.toMatch(/3 [A-ZĐ]/);
    // Entries recorded before documents were kept give null: the service falls back to the required documents.
    expect(recordedDocuments({ code: 'x' })).toBeNull();

    const missing = recordedDocuments({ documents: [{ key: 'doc-3', name: 'Giấy tờ ly hôn', kind: 'copy' }] }) ?? [];
    const request = await pdfText(
      await renderSupplementRequestForm({
        ...header,
        dossierCode: '(chưa cấp mã)',
        applicant,
        procedureName: 'Xác nhận tình trạng hôn nhân',
        receivedAt: at(1),
        items: missing.map((d) => ({ content: d.name, reason: 'Chưa có trong hồ sơ' })),
        clerkName: 'Lê Thị Hoa',
      }),
    );
    expect(request).toContain('Giấy tờ ly hôn');
    expect(request).toContain('Chưa có trong hồ sơ');
  });
});
