import type { SimConfig } from './config';
import { buildDongBoHoSo, DongBoHoSoMC, DongBoHoSoRequest, dongBoHoSoRequest, FilingInput } from './filing';
import { log } from './log';
import type { PortalClient } from './portal-client';
import type { Delivery, FiledDossier, RefusedPushes, SimStore } from './sim-store';
import { parseStatusMessage, StatusArrival, statusName } from './status-book';
import { SignedHeaders, verifySignature } from './webhook-verify';

/** What a filing or a resend answers: the code, the portal's HTTP status and its answer as it came. */
export interface FilingResult {
  maHoSo: string;
  httpStatus: number | null;
  portalAnswer: unknown;
  /** Why no answer came (the portal unreachable, no token); absent when the portal answered. */
  error?: string;
  accepted: boolean;
}

export interface CurrentStatus {
  code: number;
  name: string;
  sequence: number;
  occurredAt: string;
  receivedAt: string;
}

/** A dossier as the JSON API shows it: filed by the simulator, or only known from statuses the portal pushed. */
export interface DossierView {
  maHoSo: string;
  filed: boolean;
  procedureCode: string | null;
  procedureName: string | null;
  agencyCode: string | null;
  applicantName: string | null;
  filedAt: string | null;
  /** The DongBoHoSoMC object sent (the same on every delivery). */
  sent: DongBoHoSoMC | null;
  deliveries: Delivery[];
  status: CurrentStatus | null;
  history: StatusArrival[];
}

export interface StatusPushAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** The national portal's side of the exchange: files dossiers, delivers them again, takes the statuses back. */
export class Simulator {
  constructor(
    private readonly config: SimConfig,
    readonly store: SimStore,
    private readonly portal: PortalClient,
  ) {}

  /**
   * Numbers the dossier (unless the caller already has, with `store.nextCode`), keeps its files, builds the object
   * and delivers it; the dossier is kept whatever the portal answers.
   */
  async file(input: FilingInput, opts: { procedureName?: string | null; maHoSo?: string } = {}): Promise<FilingResult> {
    const maHoSo = opts.maHoSo ?? this.store.nextCode(input.receivedAt);
    const procedureName = opts.procedureName ?? null;
    const files = input.documents.map((document) => ({
      document,
      id: this.store.addFile({
        dossierCode: maHoSo,
        documentCode: document.code,
        documentName: document.name,
        fileName: document.fileName,
        contentType: document.contentType,
        content: document.content,
      }).id,
    }));
    const object = buildDongBoHoSo(maHoSo, input, files, this.config.publicUrl);
    const dossier: FiledDossier = {
      maHoSo,
      procedureCode: input.procedureCode,
      procedureName,
      agencyCode: input.agencyCode,
      applicantName: input.applicant.fullName,
      filedAt: new Date().toISOString(),
      body: JSON.stringify(dongBoHoSoRequest(object)),
      deliveries: [],
    };
    this.store.addDossier(dossier);
    this.store.save();
    return this.deliver(dossier, 'first');
  }

  /** Delivers a filed dossier again, byte for byte (a duplicate delivery); null when there is no such dossier. */
  async resend(maHoSo: string): Promise<FilingResult | null> {
    const dossier = this.store.dossier(maHoSo);
    return dossier ? this.deliver(dossier, 'resend') : null;
  }

  private async deliver(dossier: FiledDossier, kind: Delivery['kind']): Promise<FilingResult> {
    const at = new Date();
    const answer = await this.portal.postDossiers(dossier.body);
    const accepted = answer.httpStatus !== null && answer.httpStatus >= 200 && answer.httpStatus < 300;
    dossier.deliveries.push({
      at: at.toISOString(),
      kind,
      httpStatus: answer.httpStatus,
      accepted,
      portalAnswer: answer.answer,
      error: answer.error,
    });
    this.store.save();
    log(accepted ? 'info' : 'warn', 'dossier delivered to the portal', {
      maHoSo: dossier.maHoSo,
      kind,
      httpStatus: answer.httpStatus,
      ...(answer.error ? { error: answer.error } : {}),
    });
    return {
      maHoSo: dossier.maHoSo,
      httpStatus: answer.httpStatus,
      portalAnswer: answer.answer,
      ...(answer.error ? { error: answer.error } : {}),
      accepted,
    };
  }

  /**
   * A status push: refused (401, not recorded) unless signed with our secret and fresh; a repeated webhook-id is
   * answered 200 and ignored; otherwise recorded under its dossier code, becoming the current status only when its
   * sequence is the greatest seen.
   */
  receiveStatus(headers: SignedHeaders, raw: Buffer, now: Date = new Date()): StatusPushAnswer {
    const problem = verifySignature(this.config.webhookSecret, headers, raw, now);
    if (problem) {
      this.store.refusePush(problem, now);
      this.store.save();
      log('warn', 'status push refused', { webhookId: headers.id ?? null, reason: problem });
      return { status: 401, body: { error: 'invalid_signature', message: problem } };
    }
    const message = parseStatusMessage(raw.toString('utf8'));
    if (typeof message === 'string') {
      log('warn', 'status push unreadable', { webhookId: headers.id ?? null, reason: message });
      return { status: 400, body: { error: 'bad_message', message } };
    }
    // verifySignature refused a message without an id.
    const webhookId = headers.id ?? '';
    const outcome = this.store.statuses.record(webhookId, message, now);
    if (outcome !== 'duplicate') this.store.save();
    log('info', 'status received', {
      webhookId,
      dossierCode: message.dossierCode,
      statusCode: message.statusCode,
      sequence: message.sequence,
      outcome,
    });
    return { status: 200, body: { received: outcome } };
  }

  view(maHoSo: string): DossierView | null {
    const filed = this.store.dossier(maHoSo);
    const statuses = this.store.statuses.of(maHoSo);
    if (!filed && !statuses) return null;
    const current = statuses?.current ?? null;
    return {
      maHoSo,
      filed: filed !== undefined,
      procedureCode: filed?.procedureCode ?? null,
      procedureName: filed?.procedureName ?? null,
      agencyCode: filed?.agencyCode ?? null,
      applicantName: filed?.applicantName ?? null,
      filedAt: filed?.filedAt ?? null,
      sent: filed ? ((JSON.parse(filed.body) as DongBoHoSoRequest).data[0] ?? null) : null,
      deliveries: filed?.deliveries ?? [],
      status: current && {
        code: current.statusCode,
        name: statusName(current.statusCode),
        sequence: current.sequence,
        occurredAt: current.occurredAt,
        receivedAt: current.receivedAt,
      },
      history: statuses?.history ?? [],
    };
  }

  /** Filed dossiers (newest first), then dossiers known only from pushed statuses (the portal's own). */
  list(): { dossiers: DossierView[]; otherDossiers: DossierView[]; refusedStatusPushes: RefusedPushes } {
    const filed = this.store
      .dossiers()
      .map((d) => this.view(d.maHoSo))
      .filter((v) => v !== null);
    const others = this.store.statuses
      .codes()
      .filter((code) => !this.store.dossier(code))
      .map((code) => this.view(code))
      .filter((v) => v !== null)
      .sort((a, b) => (b.status?.receivedAt ?? '').localeCompare(a.status?.receivedAt ?? ''));
    return { dossiers: filed, otherDossiers: others, refusedStatusPushes: this.store.refused };
  }
}
