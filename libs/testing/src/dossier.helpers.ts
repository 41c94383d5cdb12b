import { Client } from 'pg';

interface Field {
  key: string;
  type: string;
  required?: boolean;
  options?: Array<{ value: string }>;
  min?: number | string;
  max?: number | string;
  showIf?: { field: string; equals: unknown };
}

/** A tiny real PNG (1×1), accepted as a scanned document. */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1e1d90000000049454e44ae426082',
  'hex',
);

export interface PublishedProcedure {
  versionId: string;
  formSchema: { fields: Field[] };
  requiredDocuments: Array<{ name: string; code?: string; required?: boolean }>;
  timeLimit: { unit: string; amount: number };
}

/** The published version of a seeded procedure, read from the test database. */
export async function publishedProcedure(dbUrl: string, code: string): Promise<PublishedProcedure> {
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: string;
      form_schema: { fields: Field[] };
      required_documents: PublishedProcedure['requiredDocuments'];
      time_limit_unit: string;
      time_limit_amount: number;
    }>(
      `SELECT v.id, v.form_schema, v.required_documents, v.time_limit_unit, v.time_limit_amount
         FROM procedure_version v JOIN procedure p ON p.id = v.procedure_id
        WHERE p.code = $1 AND v.status = 'published' ORDER BY v.version DESC LIMIT 1`,
      [code],
    );
    const [r] = rows;
    if (!r) throw new Error(`procedure ${code} is not seeded`);
    return {
      versionId: r.id,
      formSchema: r.form_schema,
      requiredDocuments: r.required_documents,
      timeLimit: { unit: r.time_limit_unit, amount: r.time_limit_amount },
    };
  } finally {
    await client.end();
  }
}

/** The e-form date rules, loaded on call: jest's global setup imports this barrel without the `@app/*` mapping. */
function dateRules(): Pick<typeof import('@app/procedures'), 'resolveDateBound' | 'todayInVietnam'> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@app/procedures') as typeof import('@app/procedures');
}

/** Plausible answers for every visible field of an e-form, as a citizen would give them. */
export function fillForm(schema: { fields: Field[] }): Record<string, string | number | boolean> {
  const values: Record<string, string | number | boolean> = {};
  for (const f of schema.fields) {
    if (f.showIf && values[f.showIf.field] !== f.showIf.equals) continue;
    switch (f.type) {
      case 'text':
      case 'textarea':
        values[f.key] = 'Nguyễn Văn An';
        break;
      case 'number':
        values[f.key] = typeof f.min === 'number' ? Math.max(f.min, 1) : 1;
        break;
      case 'date': {
        // Inside the field's bounds (a child under six, a spouse of age): a month inside them, else a fixed date.
        const { resolveDateBound, todayInVietnam } = dateRules();
        const today = todayInVietnam();
        const min = typeof f.min === 'string' ? resolveDateBound(f.min, today) : null;
        const max = typeof f.max === 'string' ? resolveDateBound(f.max, today) : null;
        if (min && (!max || max > min)) values[f.key] = resolveDateBound('today+1m', min) ?? min;
        else if (max && max < '2020-01-15') values[f.key] = resolveDateBound('today-1m', max) ?? max;
        else values[f.key] = '2020-01-15';
        break;
      }
      case 'select':
        values[f.key] = f.options?.[0]?.value ?? '';
        break;
      case 'checkbox':
        values[f.key] = true;
        break;
      case 'cccd':
        values[f.key] = '046090001234';
        break;
      case 'phone':
        values[f.key] = '0905123456';
        break;
      case 'email':
        values[f.key] = 'an@example.com';
        break;
      default:
        throw new Error(`unknown field type ${f.type}`);
    }
  }
  return values;
}

/** The attachment key of each required document (its code, else doc-<position>). */
export function documentKeys(docs: PublishedProcedure['requiredDocuments']): string[] {
  return docs.filter((d) => d.required !== false).map((d) => d.code ?? `doc-${docs.indexOf(d) + 1}`);
}
