import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { translate } from '../../i18n/messages';
import type { NotificationItem } from './notification-inbox.service';
import { presentNotification } from './notifications-pages.controller';

const ROUTING_SRC = join(__dirname, '..', '..', '..', '..', '..', 'libs', 'routing', 'src');

/** Every notification kind the routing library records (in notify(...) calls and the deadline rules). */
function recordedKinds(): string[] {
  const kinds = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('spec')) {
        const text = readFileSync(path, 'utf8');
        if (!/notify|PlannedNotification/.test(text)) continue;
        for (const m of text.matchAll(/\bkind: '([a-z_]+)'/g)) kinds.add(m[1] ?? '');
        for (const m of text.matchAll(/notifyLead\(\s*em,\s*row,\s*'([a-z_]+)'/g)) kinds.add(m[1] ?? '');
      }
    }
  };
  walk(ROUTING_SRC);
  // Kinds of other shapes (delivery attempts, access) are not notifications.
  for (const k of ['status', 'network', 'timeout', 'agency', 'national_portal', 'owner']) kinds.delete(k);
  return [...kinds].sort();
}

function item(kind: string, message: string): NotificationItem {
  return {
    id: '1',
    kind,
    message,
    createdAt: new Date('2026-12-04T02:00:00Z'),
    readAt: null,
    personal: false,
    recipientRole: 'agency_officer',
    dossierId: 'd1',
    dossierCode: '000.17.22.H56-261204-0001',
    procedureName: 'Liên thông khai sinh',
    dossierDueAt: null,
    agencyCaseId: 'c1',
    stepName: 'Đăng ký thường trú cho trẻ',
    caseAgencyName: 'Công an phường Thủy Biều',
    caseDueAt: new Date('2026-12-08T10:00:00Z'),
  };
}

describe('notifications as staff read them', () => {
  it('gives every kind the router records a title of its own in both languages', () => {
    const kinds = recordedKinds();
    expect(kinds).toEqual(expect.arrayContaining(['case_opened', 'case_cancelled', 'case_overdue', 'route_completed']));
    for (const lang of ['vi', 'en'] as const) {
      const t = (key: string, params?: Record<string, string>) => translate(lang, key, params);
      const titles = kinds.map((k) => [k, presentNotification(item(k, 'x'), t).title]);
      expect(titles.filter(([k, title]) => title === k || title === t('notifications.kind.other'))).toEqual([]);
    }
  });

  it('never shows a kind’s internal name or an ISO date', () => {
    const t = (key: string, params?: Record<string, string>) => translate('vi', key, params);
    const opened = presentNotification(
      item(
        'case_opened',
        'Hồ sơ liên thông 000.17.22.H56-261204-0001 (Đăng ký thường trú cho trẻ) chuyển đến, hạn 2026-12-08.',
      ),
      t,
    );
    expect(opened.title).toBe('Hồ sơ liên thông mới chuyển đến');
    expect(`${opened.title} ${opened.text} ${opened.due ?? ''}`).not.toMatch(/case_opened|\d{4}-\d{2}-\d{2}/);
    expect(opened.due).toBe('Hạn hiện tại: 08/12/2026 17:00');
    const unknown = presentNotification(item('some_future_kind', 'Nội dung thông báo.'), t);
    expect(unknown.title).toBe('Thông báo');
    expect(unknown.text).toBe('Nội dung thông báo.');
  });
});
