/** Content-addressed blob storage behind an interface; local disk is the default implementation. */
export interface FileStore {
  /** Stores the bytes under their SHA-256; returns the hash and whether this call created the blob. */
  put(content: Buffer): Promise<{ sha256: string; created: boolean }>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');
