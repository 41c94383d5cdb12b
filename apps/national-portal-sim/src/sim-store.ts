import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DayCounters, nextDossierCode } from './dossier-code';
import { StatusBook, StatusBookSnapshot } from './status-book';

/** A document the simulator serves at `/files/<id>` for the portal to fetch. */
export interface StoredFile {
  id: string;
  dossierCode: string;
  documentCode: string;
  documentName: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** One delivery of a dossier to the portal and what came back. */
export interface Delivery {
  at: string;
  kind: 'first' | 'resend';
  /** Null when the portal gave no answer (unreachable, timed out, no token): `error` says why. */
  httpStatus: number | null;
  accepted: boolean;
  portalAnswer: unknown;
  error: string | null;
}

export interface FiledDossier {
  maHoSo: string;
  procedureCode: string;
  procedureName: string | null;
  agencyCode: string;
  applicantName: string;
  filedAt: string;
  /** The exact JSON body posted, so a resend delivers the very same bytes. */
  body: string;
  deliveries: Delivery[];
}

export interface RefusedPushes {
  count: number;
  last: { at: string; reason: string } | null;
}

interface Snapshot {
  version: 1;
  counters: DayCounters;
  dossiers: FiledDossier[];
  files: Array<Omit<StoredFile, 'content'> & { contentBase64: string }>;
  statuses: StatusBookSnapshot;
  refused: RefusedPushes;
}

/**
 * Everything the simulator knows: its numbering, the dossiers it filed and their files, the statuses pushed back.
 * In memory; with a state file it is loaded at start and written (atomically, owner-only) after every change, so a
 * restarted simulator neither reuses a dossier code the portal already holds nor forgets what it showed.
 */
export class SimStore {
  private counters: DayCounters = {};
  private readonly dossiersByCode = new Map<string, FiledDossier>();
  private readonly filesById = new Map<string, StoredFile>();
  statuses = new StatusBook();
  refused: RefusedPushes = { count: 0, last: null };

  constructor(private readonly stateFile: string | null) {
    if (stateFile && existsSync(stateFile)) this.load(stateFile);
  }

  nextCode(receivedAt: Date): string {
    return nextDossierCode(this.counters, receivedAt);
  }

  addFile(file: Omit<StoredFile, 'id'>): StoredFile {
    // 144 random bits: the address alone gives access to the file, as the national portal's links do.
    const stored = { ...file, id: randomBytes(18).toString('base64url') };
    this.filesById.set(stored.id, stored);
    return stored;
  }

  file(id: string): StoredFile | undefined {
    return this.filesById.get(id);
  }

  addDossier(dossier: FiledDossier): void {
    this.dossiersByCode.set(dossier.maHoSo, dossier);
  }

  dossier(code: string): FiledDossier | undefined {
    return this.dossiersByCode.get(code);
  }

  /** Newest first. */
  dossiers(): FiledDossier[] {
    return [...this.dossiersByCode.values()].reverse();
  }

  refusePush(reason: string, at: Date): void {
    this.refused = { count: this.refused.count + 1, last: { at: at.toISOString(), reason } };
  }

  save(): void {
    if (!this.stateFile) return;
    const snapshot: Snapshot = {
      version: 1,
      counters: this.counters,
      dossiers: [...this.dossiersByCode.values()],
      files: [...this.filesById.values()].map(({ content, ...rest }) => ({
        ...rest,
        contentBase64: content.toString('base64'),
      })),
      statuses: this.statuses.snapshot(),
      refused: this.refused,
    };
    mkdirSync(dirname(this.stateFile), { recursive: true });
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snapshot), { mode: 0o600 });
    renameSync(tmp, this.stateFile);
  }

  private load(file: string): void {
    let snapshot: Snapshot;
    try {
      snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    } catch (err) {
      throw new Error(`SIM_STATE_FILE ${file} cannot be read (${err instanceof Error ? err.message : String(err)})`);
    }
    if (snapshot?.version !== 1) {
      throw new Error(`SIM_STATE_FILE ${file} is not a state file of this simulator (version 1); move it away`);
    }
    this.counters = snapshot.counters;
    for (const d of snapshot.dossiers) this.dossiersByCode.set(d.maHoSo, d);
    for (const { contentBase64, ...rest } of snapshot.files) {
      this.filesById.set(rest.id, { ...rest, content: Buffer.from(contentBase64, 'base64') });
    }
    this.statuses = StatusBook.from(snapshot.statuses);
    this.refused = snapshot.refused;
  }
}
