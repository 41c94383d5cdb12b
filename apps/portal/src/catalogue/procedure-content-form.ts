import { FORM_FIELD_TYPES, FormField, FormSchema, GroupComponent, ProcedureStep } from '@app/procedures';

/**
 * The form editor of a draft's structured components — steps, inter-agency components and the e-form's fields —
 * as rows of inputs named `<list>-<row>-<column>`. Rows are kept in the order of their position inputs (reordering
 * without JavaScript), a ticked "remove" drops a row, and blank rows (the page always offers one) add nothing. The
 * JSON of the same components stays available as the expert view; `structured=json` on the post selects it.
 */
export const STRUCTURED_LISTS = ['steps', 'components', 'formFields'] as const;
export type StructuredList = (typeof STRUCTURED_LISTS)[number];

export const STEP_COLUMNS = ['title', 'description'] as const;
export const COMPONENT_COLUMNS = ['code', 'name', 'authority', 'timeLimit'] as const;
export const FIELD_COLUMNS = ['key', 'labelVi', 'labelEn', 'type', 'required', 'options', 'extra'] as const;

export type Row<C extends string = string> = Record<C, string> & { position: string };

export interface StructuredRows {
  steps: Row[];
  components: Row[];
  formFields: Row[];
}

/** Blank rows offered after the existing ones, so an administrator can add without JavaScript. */
const BLANK_ROWS = 1;

function blank(columns: readonly string[], position: number): Row {
  return { ...Object.fromEntries(columns.map((c) => [c, ''])), position: String(position) };
}

function withBlanks(rows: Row[], columns: readonly string[]): Row[] {
  const out = [...rows];
  for (let i = 0; i < BLANK_ROWS; i++) out.push(blank(columns, out.length + 1));
  return out;
}

/** A select's options as the page edits them: one `value = Nhãn = Label` per line. */
export function optionsText(field: FormField): string {
  return (field.options ?? []).map((o) => `${o.value} = ${o.label.vi} = ${o.label.en}`).join('\n');
}

/** The rows of a version's structured components, with blank rows to add. */
export function structuredRowsOf(content: {
  steps: ProcedureStep[];
  components: GroupComponent[];
  formSchema: FormSchema;
}): StructuredRows {
  return {
    steps: withBlanks(
      content.steps.map((s, i) => ({ title: s.title, description: s.description ?? '', position: String(i + 1) })),
      STEP_COLUMNS,
    ),
    components: withBlanks(
      content.components.map((c, i) => ({
        code: c.code ?? '',
        name: c.name,
        authority: c.authority,
        timeLimit: c.timeLimit ?? '',
        position: String(i + 1),
      })),
      COMPONENT_COLUMNS,
    ),
    formFields: withBlanks(
      content.formSchema.fields.map((f, i) => {
        const { key, label, type, required, options, ...extra } = f;
        void options;
        return {
          key,
          labelVi: label.vi,
          labelEn: label.en,
          type,
          required: required ? 'true' : '',
          options: optionsText(f),
          extra: Object.keys(extra).length > 0 ? JSON.stringify(extra) : '',
          position: String(i + 1),
        };
      }),
      FIELD_COLUMNS,
    ),
  };
}

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '');

/** The posted rows of one list, in the order of their positions (rows without a valid position go last). */
function postedRows<C extends string>(
  body: Record<string, unknown>,
  list: StructuredList,
  columns: readonly C[],
): Array<Row<C>> {
  const indexes = new Set<number>();
  const pattern = new RegExp(`^${list}-(\\d{1,3})-`);
  for (const name of Object.keys(body)) {
    const m = pattern.exec(name);
    if (m) indexes.add(Number(m[1]));
  }
  const rows = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => {
      const row = Object.fromEntries(columns.map((c) => [c, text(body[`${list}-${i}-${c}`]).trim()])) as Row<C> & {
        remove?: string;
      };
      row.position = text(body[`${list}-${i}-position`]).trim();
      row.remove = text(body[`${list}-${i}-remove`]);
      return { row, index: i };
    })
    .filter(({ row }) => row.remove !== 'true' && columns.some((c) => c !== 'type' && row[c] !== ''));
  const pos = (r: Row<C>, i: number) => (/^\d{1,3}$/.test(r.position) ? Number(r.position) : 1000 + i);
  return rows
    .sort((a, b) => pos(a.row, a.index) - pos(b.row, b.index) || a.index - b.index)
    .map(({ row }, i) => {
      delete row.remove;
      return { ...row, position: String(i + 1) };
    });
}

export interface StructuredParse {
  rows: StructuredRows;
  content: { steps: ProcedureStep[]; components: GroupComponent[]; formSchema: FormSchema };
  /** Problems the form itself can name (an option line or an extra that does not read); the service checks the rest. */
  errors: Array<{ id: string; key: string }>;
}

/** Reads the posted rows into content for the service, and the rows to show again (sorted, renumbered). */
export function readStructured(body: Record<string, unknown>): StructuredParse {
  const steps = postedRows(body, 'steps', STEP_COLUMNS);
  const components = postedRows(body, 'components', COMPONENT_COLUMNS);
  const formFields = postedRows(body, 'formFields', FIELD_COLUMNS);
  const errors: StructuredParse['errors'] = [];
  const fields: FormField[] = formFields.map((r, i) => {
    const field: Record<string, unknown> = {};
    if (r.extra) {
      try {
        const extra = JSON.parse(r.extra) as unknown;
        if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) Object.assign(field, extra);
        else errors.push({ id: `formFields-${i}-extra`, key: 'catalogue.admin.error.extra' });
      } catch {
        errors.push({ id: `formFields-${i}-extra`, key: 'catalogue.admin.error.extra' });
      }
    }
    field.key = r.key;
    field.label = { vi: r.labelVi, en: r.labelEn };
    field.type = (FORM_FIELD_TYPES as readonly string[]).includes(r.type) ? r.type : r.type || 'text';
    if (r.required === 'true') field.required = true;
    else delete field.required;
    if (r.type === 'select' || r.options) {
      const lines = r.options.split(/\r?\n/).filter((l) => l.trim() !== '');
      const options = lines.map((l) => l.split('=').map((p) => p.trim()));
      if (options.some((o) => o.length !== 3 || o.some((p) => p === ''))) {
        errors.push({ id: `formFields-${i}-options`, key: 'catalogue.admin.error.options' });
      }
      field.options = options.map(([value, vi, en]) => ({ value, label: { vi, en } }));
    }
    return field as unknown as FormField;
  });
  return {
    rows: {
      steps: withBlanks(steps, STEP_COLUMNS),
      components: withBlanks(components, COMPONENT_COLUMNS),
      formFields: withBlanks(formFields, FIELD_COLUMNS),
    },
    content: {
      steps: steps.map((r) => (r.description ? { title: r.title, description: r.description } : { title: r.title })),
      components: components.map((r) => ({
        ...(r.code ? { code: r.code } : {}),
        name: r.name,
        authority: r.authority,
        ...(r.timeLimit ? { timeLimit: r.timeLimit } : {}),
      })),
      formSchema: { fields },
    },
    errors,
  };
}

/**
 * The input id of a service problem inside a structured list: `steps[1].title` → `steps-1-title`,
 * `formSchema.fields[2].label` → `formFields-2-labelVi`; null for a problem of another component.
 */
export function structuredInputId(field: string): string | null {
  let m = /^steps\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m) return `steps-${m[1]}-${m[2] === 'description' ? 'description' : 'title'}`;
  m = /^components\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m) return `components-${m[1]}-${(COMPONENT_COLUMNS as readonly string[]).includes(m[2] ?? '') ? m[2] : 'name'}`;
  m = /^formSchema\.fields\[(\d+)\](?:\.(\w+))?/.exec(field);
  if (m) {
    const prop = m[2] ?? 'key';
    const column =
      prop === 'label'
        ? 'labelVi'
        : (['key', 'type', 'required', 'options'] as readonly string[]).includes(prop)
          ? prop
          : 'extra';
    return `formFields-${m[1]}-${column}`;
  }
  return null;
}
