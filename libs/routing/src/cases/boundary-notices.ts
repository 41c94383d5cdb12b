import type { EntityManager } from 'typeorm';
import type { StatusChangedPayload } from '../national/national-sync';
import { notify } from './case-records';

/**
 * The two hand-overs of a dossier received at one centre and decided by another agency (NĐ 118/2025 Điều 14 khoản 2,
 * Điều 20 khoản 1) announced to the staff who act next: on reception the deciding authority's leaders learn that a
 * dossier is theirs to assign and decide; when its result is approved the receiving desk's clerks learn that it is
 * back for return. Written while the worker handles the status event, once (the event is handled once).
 */
export async function announceBoundaryHandOver(em: EntityManager, payload: StatusChangedPayload): Promise<void> {
  const arriving = payload.action === 'receive';
  const back = payload.to === 'result_ready';
  if (!arriving && !back) return;
  const [d] = await em.query<
    Array<{
      code: string | null;
      agency_id: string;
      deciding_agency_id: string | null;
      desk_name: string;
      deciding_name: string | null;
      procedure_name: string;
    }>
  >(
    `SELECT d.code, d.agency_id, d.deciding_agency_id, a.name AS desk_name, da.name AS deciding_name,
            p.name AS procedure_name
       FROM dossier d
       JOIN agency a ON a.id = d.agency_id
       LEFT JOIN agency da ON da.id = d.deciding_agency_id
       JOIN procedure_version v ON v.id = d.procedure_version_id
       JOIN procedure p ON p.id = v.procedure_id
      WHERE d.id = $1`,
    [payload.dossierId],
  );
  if (!d?.deciding_agency_id || d.deciding_agency_id === d.agency_id) return;
  const code = d.code ?? '';
  if (arriving) {
    await notify(em, {
      agencyId: d.deciding_agency_id,
      role: 'leader',
      dossierId: payload.dossierId,
      kind: 'dossier_received_for_decision',
      message: `Hồ sơ ${code} (${d.procedure_name}) do ${d.desk_name} tiếp nhận được chuyển đến để phân công và giải quyết.`,
    });
  } else {
    await notify(em, {
      agencyId: d.agency_id,
      role: 'clerk',
      dossierId: payload.dossierId,
      kind: 'result_back_for_return',
      message: `Kết quả hồ sơ ${code} (${d.procedure_name}) do ${d.deciding_name ?? ''} giải quyết đã chuyển về để trả cho công dân.`,
    });
  }
}
