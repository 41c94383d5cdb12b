import { readdir } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  documentKeys,
  fillForm,
  passwordGrant,
  PNG_BYTES,
  PortalHarness,
  publishedProcedure,
  startPortal,
  nth,
} from '@app/testing';

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Bad uploads get a clear 4xx and leave nothing behind: no row, no blob, no temporary file. */
describe('dossier uploads', () => {
  let portal: PortalHarness;
  let storage: string;
  let token: string;
  let dossierId: string;
  let docKey: string;

  beforeAll(async () => {
    storage = await mkdtemp(join(tmpdir(), 'motcua-files-'));
    portal = await startPortal({
      env: { FILE_STORAGE_DIR: storage, UPLOAD_MAX_FILE_BYTES: '4096', UPLOAD_MAX_FILES_PER_DOSSIER: '3' },
    });
    const procedure = await publishedProcedure(portal.db.url, '1.004873');
    docKey = nth(documentKeys(procedure.requiredDocuments), 0, 'required document');
    token = (await passwordGrant('congdan')).access_token;
    const res = await fetch(`${portal.url}/api/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        procedureCode: '1.004873',
        agencyCode: '000.17.22.H56',
        channel: 2,
        applicant: { fullName: 'Nguyễn Văn An' },
        formData: fillForm(procedure.formSchema),
      }),
    });
    dossierId = ((await res.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await portal?.stop();
    await rm(storage, { recursive: true, force: true });
  });

  async function upload(files: Array<{ name: string; bytes: Buffer }>) {
    const form = new FormData();
    form.set('purpose', 'application');
    form.set('documentCode', docKey);
    for (const f of files) form.append('files', new Blob([f.bytes]), f.name);
    const res = await fetch(`${portal.url}/api/v1/dossiers/${dossierId}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return {
      status: res.status,
      body: (await res.json()) as { errors?: Array<{ field: string; messages: string[] }> },
    };
  }

  async function storedRows(): Promise<number> {
    const client = new Client({ connectionString: portal.db.url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM dossier_file WHERE dossier_id = $1', [
      dossierId,
    ]);
    await client.end();
    return Number(nth(rows, 0).n);
  }

  async function expectNothingStored() {
    expect(await storedRows()).toBe(0);
    expect(await filesUnder(storage)).toEqual([]);
  }

  it('refuses an oversized file', async () => {
    const res = await upload([{ name: 'big.png', bytes: Buffer.concat([PNG_BYTES, Buffer.alloc(8000)]) }]);
    expect(res.status).toBe(413);
    expect(res.body.errors?.[0]?.field).toBe('files');
    await expectNothingStored();
  });

  it('refuses too many files in one request', async () => {
    const res = await upload(Array.from({ length: 4 }, (_, i) => ({ name: `p${i}.png`, bytes: PNG_BYTES })));
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.field).toBe('files');
    await expectNothingStored();
  });

  it('refuses a renamed executable, judged by its content', async () => {
    const elf = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), Buffer.alloc(64)]);
    const res = await upload([
      { name: 'giay-to.png', bytes: PNG_BYTES },
      { name: 'scan.pdf', bytes: elf },
    ]);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'files[1]', messages: ['is not a PDF, JPEG or PNG file (checked by content)'], code: 'file_type' },
    ]);
    await expectNothingStored();
  });

  it('refuses a path-traversal name', async () => {
    const res = await upload([{ name: '../../etc/passwd.png', bytes: PNG_BYTES }]);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toEqual({ field: 'files[0]', messages: ['has a file name with a path in it'] });
    await expectNothingStored();
  });

  it('stores a good file once by content and counts it against the per-dossier limit', async () => {
    expect((await upload([{ name: 'Giấy tờ.png', bytes: PNG_BYTES }])).status).toBe(201);
    expect((await upload([{ name: 'Bản sao.png', bytes: PNG_BYTES }])).status).toBe(201);
    expect(await filesUnder(storage)).toHaveLength(1);
    const third = await upload([
      { name: 'a.png', bytes: PNG_BYTES },
      { name: 'b.png', bytes: PNG_BYTES },
    ]);
    expect(third.status).toBe(400);
    expect(third.body.errors?.[0]?.field).toBe('files');
    expect(await storedRows()).toBe(2);
  });
});
