import { request as httpRequest } from 'node:http';
import { clientCredentials, passwordGrant, PortalHarness, startPortal } from '@app/testing';

interface Problem {
  status: number;
  code: string;
  errors?: Array<{ field: string; messages: string[] }>;
}

interface Operation {
  method: string;
  path: string;
}

/** A small seeded generator (mulberry32): the same cases on every run, different cases per endpoint. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_STRINGS = [
  { name: 'NUL', text: (r: () => number) => `${'Nguyễn'.slice(0, Math.floor(r() * 6))}\u0000${'văn'}` },
  { name: 'lone high surrogate', text: () => `Trần \uD83D Bích` },
  { name: 'lone low surrogate', text: () => `\uDE00` },
];

/**
 * A random JSON object of a few levels with `bad` at one random place; returns the object and the field path the
 * portal must name (`a.b[2].c`).
 */
function bodyWith(bad: string, r: () => number): { body: unknown; field: string } {
  const words = ['hoTen', 'soCccd', 'ghiChu', 'name', 'items', 'data', 'reason', 'value'];
  const word = () => words.slice(Math.floor(r() * words.length)).concat('x')[0] ?? 'x';
  const depth = 1 + Math.floor(r() * 4);
  const root: Record<string, unknown> = { summary: 'Hồ sơ hợp lệ', count: 3 };
  let node: Record<string, unknown> | unknown[] = root;
  let field = '';
  for (let level = 0; level < depth; level++) {
    const last = level === depth - 1;
    if (Array.isArray(node)) {
      const index = node.length;
      field += `[${index}]`;
      const next = last ? bad : r() < 0.5 ? [] : {};
      node.push(next);
      if (!last) node = next;
    } else {
      let key = word();
      while (key in node) key += 'x';
      field += field === '' ? key : `.${key}`;
      const next = last ? bad : r() < 0.5 ? ['ok'] : { ok: 'đúng' };
      node[key] = next;
      if (!last) node = next as Record<string, unknown> | unknown[];
    }
  }
  return { body: root, field };
}

/** Input the portal cannot store or will not walk answers 400 or 413 naming the field at every write endpoint. */
describe('bad input at every write endpoint of the API', () => {
  let portal: PortalHarness;
  let token: string;
  let operations: Operation[];
  let multipart: Operation[];

  beforeAll(async () => {
    // A small file limit keeps the agency result's own (larger) body limit small enough to exceed cheaply.
    portal = await startPortal({ env: { UPLOAD_MAX_FILE_BYTES: String(256 * 1024) } });
    token = (await clientCredentials('agency-police', 'dev-agency-police-secret')).access_token;
    const doc = (await (await fetch(`${portal.url}/api/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
    };
    const writes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m]) => ['post', 'put', 'patch', 'delete'].includes(m))
        .map(([method, spec]) => ({
          method: method.toUpperCase(),
          path: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
          multipart: spec.requestBody?.content?.['multipart/form-data'] !== undefined,
        })),
    );
    operations = writes.map(({ method, path }) => ({ method, path }));
    multipart = writes.filter((w) => w.multipart).map(({ method, path }) => ({ method, path }));
  });

  afterAll(async () => {
    await portal?.stop();
  });

  async function send(op: Operation, raw: string, auth = true): Promise<{ status: number; problem: Problem }> {
    const res = await fetch(`${portal.url}${op.path}`, {
      method: op.method,
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
      body: raw,
    });
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    return { status: res.status, problem: (await res.json()) as Problem };
  }

  it('finds the write endpoints in the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(10);
    expect(operations).toContainEqual({
      method: 'POST',
      path: '/api/v1/agency-cases/00000000-0000-4000-8000-000000000000/result',
    });
  });

  it('answers 400 naming the field for NUL and unpaired surrogates anywhere in the JSON', async () => {
    const failures: string[] = [];
    let seed = 1;
    for (const op of operations) {
      for (const bad of BAD_STRINGS) {
        for (let run = 0; run < 2; run++) {
          const r = prng(seed++);
          const { body, field } = bodyWith(bad.text(r), r);
          const { status, problem } = await send(op, JSON.stringify(body));
          const named = problem.errors?.some((e) => e.field === field) ?? false;
          if (status !== 400 || problem.code !== 'validation_failed' || !named) {
            failures.push(`${op.method} ${op.path} ${bad.name} at ${field}: ${status} ${JSON.stringify(problem)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 naming the field for NUL and unpaired surrogates in the text fields of multipart uploads', async () => {
    expect(multipart).toContainEqual({
      method: 'POST',
      path: '/api/v1/dossiers/00000000-0000-4000-8000-000000000000/files',
    });
    // A citizen may upload: the request gets past the role guard to the body's rules.
    const citizen = (await passwordGrant('congdan')).access_token;
    const failures: string[] = [];
    for (const op of multipart) {
      for (const bad of BAD_STRINGS) {
        const form = new FormData();
        form.set('purpose', 'application');
        form.set('documentCode', bad.text(prng(7)));
        form.append('files', new Blob([Buffer.from('%PDF-1.4\n')]), 'to-khai.pdf');
        const res = await fetch(`${portal.url}${op.path}`, {
          method: op.method,
          headers: { authorization: `Bearer ${citizen}` },
          body: form,
        });
        const problem = (await res.json()) as Problem;
        if (res.status !== 400 || !problem.errors?.some((e) => e.field === 'documentCode')) {
          failures.push(`${op.method} ${op.path} ${bad.name}: ${res.status} ${JSON.stringify(problem).slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers 400 for JSON nested 5,000 deep and 413 for a body over the route limit', async () => {
    const failures: string[] = [];
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const large = JSON.stringify({ summary: 'x'.repeat(2 * 1024 * 1024) });
    for (const op of operations) {
      for (const raw of [deep, deepObject]) {
        const { status, problem } = await send(op, raw);
        if (status !== 400 || !problem.errors?.some((e) => /nested deeper/.test(e.messages.join(' ')))) {
          failures.push(`${op.method} ${op.path} deep: ${status} ${JSON.stringify(problem).slice(0, 300)}`);
        }
      }
      const { status, problem } = await send(op, large);
      if (status !== 413 || problem.code !== 'payload_too_large' || !problem.errors?.[0]?.field) {
        failures.push(`${op.method} ${op.path} large: ${status} ${JSON.stringify(problem).slice(0, 300)}`);
      }
      const broken = await send(op, '{"summary": "không đóng');
      if (broken.status !== 400 || broken.problem.errors?.[0]?.field !== 'body') {
        failures.push(`${op.method} ${op.path} malformed: ${broken.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a bad bearer token before reading the body', async () => {
    // Headers announce 40 MB; only 1 KB is ever sent. The 401 must come without the rest of the body.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${portal.url}/api/v1/agency-cases/00000000-0000-4000-8000-000000000000/result`);
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: 'Bearer not.a.token',
          'content-type': 'application/json',
          'content-length': String(40 * 1024 * 1024),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (err) => reject(err));
      req.write(`{"summary":"${'x'.repeat(1024)}`);
    });
    expect(status).toBe(401);
  });

  it('gives the agency result its own larger limit only once the caller is authenticated', async () => {
    const op = { method: 'POST', path: '/api/v1/agency-cases/00000000-0000-4000-8000-000000000000/result' };
    const body = JSON.stringify({ summary: 'Xong', documents: [{ content: 'A'.repeat(300 * 1024) }] });
    // Over the general limit, within the result's: an authenticated agency gets past parsing (to the 404 of a case
    // that does not exist); an anonymous caller does not get its body parsed beyond the general limit.
    const authenticated = await send(op, body);
    expect(authenticated.status).not.toBe(413);
    expect(authenticated.status).toBeLessThan(500);
    const anonymous = await send(op, body, false);
    expect(anonymous.status).toBe(413);
    const tooLarge = await send(op, JSON.stringify({ documents: [{ content: 'A'.repeat(2 * 1024 * 1024) }] }));
    expect(tooLarge).toMatchObject({ status: 413, problem: { errors: [{ field: 'documents' }] } });
  });
});
