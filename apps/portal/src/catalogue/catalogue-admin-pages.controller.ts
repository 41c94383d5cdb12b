import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError, FieldProblem } from '@app/observability';
import {
  FORM_FIELD_TYPES,
  PROCEDURE_CODE_PATTERN,
  parseIsoDate,
  ProcedureService,
  ProcedureVersionView,
  VersionContent,
} from '@app/procedures';
import { translate } from '../i18n/messages';
import {
  FIELD_COLUMNS,
  readStructured,
  STRUCTURED_LISTS,
  structuredInputId,
  StructuredRows,
  structuredRowsOf,
} from './procedure-content-form';
import { langOf } from '@app/web';
import { isDomainError, typed } from '../web/page-kit';

/** The JSON-edited components of a version: textarea name → content key. */
export const JSON_FIELDS = [
  'steps',
  'requiredDocuments',
  'fees',
  'legalBasis',
  'result',
  'conditions',
  'components',
  'formSchema',
] as const;

/** The components the form editor covers; their JSON is the expert view. */
const STRUCTURED_JSON = ['steps', 'components', 'formSchema'] as const;

/** Where an error of the service shows on the page: the input's id. */
function inputIdOf(field: string, structured = false): string {
  const row = structured ? structuredInputId(field) : null;
  if (row) return row;
  const simple: Record<string, string> = {
    'timeLimit.unit': 'timeLimitUnit',
    'timeLimit.amount': 'timeLimitAmount',
    'timeLimit.extendedAmount': 'timeLimitExtendedAmount',
    'timeLimit.note': 'timeLimitNote',
    timeLimit: 'timeLimitAmount',
  };
  if (simple[field]) return simple[field];
  const top = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  return top;
}

interface PageError {
  id: string;
  text: string;
}

/** The inputs of the version forms (new procedure and draft edit), in page order. */
const FORM_INPUT_IDS = [
  'code',
  'name',
  'field',
  'implementingAgency',
  'timeLimitUnit',
  'timeLimitAmount',
  'timeLimitExtendedAmount',
  'timeLimitNote',
  'channels',
  'onlineLevel',
  'interAgency',
  'supplementPolicy',
  'applicantTypes',
  ...JSON_FIELDS,
];

/** Each input's error message for the govuk macros (several problems of one input joined). */
function fieldErrorsOf(errors: PageError[]): Record<string, { text: string } | undefined> {
  return Object.fromEntries(
    FORM_INPUT_IDS.map((id) => {
      const texts = errors.filter((e) => e.id === id).map((e) => e.text);
      return [id, texts.length > 0 ? { text: texts.join(' · ') } : undefined];
    }),
  );
}

function toPageErrors(problems: FieldProblem[], structured = false): PageError[] {
  return problems.map((p) => ({
    id: inputIdOf(p.field, structured),
    text: `${p.field}: ${p.messages.join('; ')}`,
  }));
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

type FormBody = Record<string, unknown>;

/** The edit form's values as the page shows them (the saved version, or what was just posted). */
function formValuesOf(v: ProcedureVersionView): Record<string, unknown> {
  const values: Record<string, unknown> = {
    implementingAgency: v.implementingAgency,
    timeLimitUnit: v.timeLimit.unit,
    timeLimitAmount: String(v.timeLimit.amount),
    timeLimitExtendedAmount: v.timeLimit.extendedAmount == null ? '' : String(v.timeLimit.extendedAmount),
    timeLimitNote: v.timeLimit.note ?? '',
    channels: v.channels.map(String),
    onlineLevel: v.onlineLevel,
    interAgency: v.interAgency,
    supplementPolicy: v.supplementPolicy,
    applicantTypes: v.applicantTypes,
  };
  for (const key of JSON_FIELDS) values[key] = JSON.stringify(v[key], null, 2);
  values.structuredMode = 'form';
  values.structured = structuredRowsOf(v);
  return values;
}

/** Each row input's error (by input id) for the structured editor. */
function rowErrorsOf(errors: PageError[]): Record<string, { text: string }> {
  const out: Record<string, { text: string }> = {};
  for (const e of errors) {
    if (!STRUCTURED_LISTS.some((l) => e.id.startsWith(`${l}-`))) continue;
    out[e.id] = { text: out[e.id] ? `${out[e.id]?.text} · ${e.text}` : e.text };
  }
  return out;
}

function postedValues(body: FormBody): Record<string, unknown> {
  const values: Record<string, unknown> = {
    implementingAgency: typed(body.implementingAgency),
    timeLimitUnit: typed(body.timeLimitUnit),
    timeLimitAmount: typed(body.timeLimitAmount),
    timeLimitExtendedAmount: typed(body.timeLimitExtendedAmount),
    timeLimitNote: typed(body.timeLimitNote),
    channels: list(body.channels),
    onlineLevel: typed(body.onlineLevel),
    interAgency: body.interAgency === 'true',
    supplementPolicy: typed(body.supplementPolicy),
    applicantTypes: list(body.applicantTypes),
  };
  for (const key of JSON_FIELDS) values[key] = typed(body[key]);
  // The page always posts the editor's rows (at least the blank ones); a post without any is JSON only.
  const rowsPosted = Object.keys(body).some((k) => STRUCTURED_LISTS.some((l) => k.startsWith(`${l}-`)));
  values.structuredMode = body.structured === 'json' || !rowsPosted ? 'json' : 'form';
  return values;
}

/**
 * The posted form as a patch: the simple fields, the JSON components, and — unless the expert view was chosen —
 * steps, components and the e-form from the form editor's rows.
 */
function contentFrom(
  values: Record<string, unknown>,
  body: FormBody,
  lang: 'vi' | 'en',
): { patch: Partial<VersionContent>; errors: PageError[]; structured: boolean } {
  const structured = values.structuredMode !== 'json';
  const { patch, errors } = patchFrom(values, lang);
  if (!structured) return { patch, errors, structured };
  const parsed = readStructured(body);
  values.structured = parsed.rows;
  const kept = errors.filter((e) => !(STRUCTURED_JSON as readonly string[]).includes(e.id));
  for (const e of parsed.errors) kept.push({ id: e.id, text: translate(lang, e.key) });
  return { patch: { ...patch, ...parsed.content }, errors: kept, structured };
}

/** Turns the posted form into a patch; JSON that does not parse is an error of its textarea. */
function patchFrom(
  values: Record<string, unknown>,
  lang: 'vi' | 'en',
): { patch: Partial<VersionContent>; errors: PageError[] } {
  const errors: PageError[] = [];
  const whole = (s: unknown): number | null => {
    const t = typed(s).trim();
    return /^\d+$/.test(t) ? Number(t) : t === '' ? null : NaN;
  };
  const amount = whole(values.timeLimitAmount);
  const extended = whole(values.timeLimitExtendedAmount);
  if (amount === null || Number.isNaN(amount)) {
    errors.push({ id: 'timeLimitAmount', text: translate(lang, 'catalogue.admin.error.amount') });
  }
  if (Number.isNaN(extended)) {
    errors.push({ id: 'timeLimitExtendedAmount', text: translate(lang, 'catalogue.admin.error.extended') });
  }
  const patch: Record<string, unknown> = {
    implementingAgency: typed(values.implementingAgency).trim(),
    timeLimit: {
      unit: values.timeLimitUnit,
      amount: amount ?? -1,
      extendedAmount: extended,
      note: typed(values.timeLimitNote).trim() || null,
    },
    channels: (values.channels as string[]).map(Number),
    onlineLevel: values.onlineLevel,
    interAgency: values.interAgency === true,
    supplementPolicy: values.supplementPolicy,
    applicantTypes: values.applicantTypes,
  };
  for (const key of JSON_FIELDS) {
    try {
      patch[key] = JSON.parse(typed(values[key])) as unknown;
    } catch {
      errors.push({ id: key, text: translate(lang, 'catalogue.admin.error.json', { field: key }) });
    }
  }
  return { patch, errors };
}

function effectiveFromOf(body: FormBody): string | null {
  const d = typed(body['effectiveFrom-day']).trim();
  const m = typed(body['effectiveFrom-month']).trim();
  const y = typed(body['effectiveFrom-year']).trim();
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  return parseIsoDate(`${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`);
}

/** What the version form's template needs besides the values: errors by input, the editor's lists, the types. */
function editorLocals(values: Record<string, unknown>, errors: PageError[], lang: 'vi' | 'en') {
  const expert = values.structuredMode === 'json';
  return {
    fieldErrors: fieldErrorsOf(errors),
    rowErrors: rowErrorsOf(errors),
    structured: values.structured as StructuredRows,
    fieldColumns: FIELD_COLUMNS,
    fieldTypeOptions: FORM_FIELD_TYPES.map((type) => ({
      value: type,
      text: translate(lang, `catalogue.type.${type}`),
    })),
    expert,
    // The expert view opens when it is in use or one of its textareas has a problem.
    expertOpen: expert || errors.some((e) => (STRUCTURED_JSON as readonly string[]).includes(e.id)),
    // The JSON textareas outside the expert view, and those inside it.
    jsonFields: JSON_FIELDS.filter((k) => !(STRUCTURED_JSON as readonly string[]).includes(k)),
    expertJsonFields: STRUCTURED_JSON,
  };
}

/** Admin pages of the catalogue: versions and their statuses, editing drafts, publishing them. */
@ApiExcludeController()
@Controller('admin/procedures')
export class CatalogueAdminPagesController {
  constructor(private readonly procedures: ProcedureService) {}

  @Roles('admin')
  @Get()
  @Render('catalogue/admin-list')
  async list(
    @Req() req: Request,
    @Query('published') published?: string,
    @Query('identitySaved') identitySaved?: string,
  ) {
    const lang = langOf(req);
    return {
      pageTitle: translate(lang, 'catalogue.admin.title'),
      identitySaved:
        typeof identitySaved === 'string' && PROCEDURE_CODE_PATTERN.test(identitySaved) ? identitySaved : '',
      procedures: (await this.procedures.listForAdmin()).map((p) => ({
        ...p,
        hasDraft: p.versions.some((v) => v.status === 'draft'),
      })),
      published: typeof published === 'string' ? published : '',
    };
  }

  /** Sets the national identity level a procedure's online dossiers need (1: any citizen account, 2: VNeID level 2). */
  @Roles('admin')
  @Post(':code/identity-level')
  async setIdentityLevel(
    @Param('code') code: string,
    @Body() body: FormBody,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const raw = typed(body.onlineIdentityLevel);
    const level = raw === '1' ? 1 : raw === '2' ? 2 : null;
    if (level === null) {
      throw new DomainError('validation_failed', translate(langOf(req), 'identity.admin.invalid'), {
        errors: [{ field: 'onlineIdentityLevel', messages: ['must be 1 or 2'] }],
      });
    }
    await this.procedures.setOnlineIdentityLevel(code, level);
    res.redirect(303, `/admin/procedures?identitySaved=${encodeURIComponent(code)}`);
  }

  /** A new procedure: its identity and the legal components of its first version, saved as draft version 1. */
  @Roles('admin')
  @Get('new')
  newProcedure(@Req() req: Request, @Res() res: Response): void {
    const values: Record<string, unknown> = {
      code: '',
      name: '',
      field: '',
      implementingAgency: 'UBND cấp xã',
      timeLimitUnit: 'working_days',
      timeLimitAmount: '',
      timeLimitExtendedAmount: '',
      timeLimitNote: '',
      channels: ['1'],
      onlineLevel: 'none',
      interAgency: false,
      supplementPolicy: 'pause',
      applicantTypes: ['individual'],
    };
    for (const key of JSON_FIELDS) values[key] = key === 'formSchema' ? '{\n  "fields": []\n}' : '[]';
    values.structuredMode = 'form';
    values.structured = structuredRowsOf({ steps: [], components: [], formSchema: { fields: [] } });
    this.renderNew(req, res, values, []);
  }

  @Roles('admin')
  @Post()
  async create(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const lang = langOf(req);
    const values = {
      ...postedValues(body),
      code: typed(body.code).trim(),
      name: typed(body.name),
      field: typed(body.field),
    };
    const { patch, errors, structured } = contentFrom(values, body, lang);
    if (errors.length > 0) return this.renderNew(req, res.status(400), values, errors);
    try {
      await this.procedures.createWithFirstDraft(
        { code: values.code, name: values.name, field: values.field },
        patch,
        principal.username,
      );
    } catch (err) {
      if (isDomainError(err, 'validation_failed', 'conflict')) {
        const problems = err.details.errors ?? [{ field: 'code', messages: [err.message] }];
        return this.renderNew(req, res.status(err.status), values, toPageErrors(problems, structured));
      }
      throw err;
    }
    res.redirect(303, `/admin/procedures/${encodeURIComponent(values.code)}/versions/1?saved=1`);
  }

  private renderNew(req: Request, res: Response, values: Record<string, unknown>, errors: PageError[]): void {
    const lang = langOf(req);
    res.render('catalogue/admin-new', {
      pageTitle: translate(lang, 'catalogue.admin.newTitle'),
      values,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.id}` })),
      ...editorLocals(values, errors, lang),
    });
  }

  /** Opens the next draft of a procedure (a copy of its latest version), then shows it for editing. */
  @Roles('admin')
  @Post(':code/versions')
  async createDraft(
    @Param('code') code: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const draft = await this.procedures.createDraft(code, {}, principal.username);
    res.redirect(303, `/admin/procedures/${encodeURIComponent(code)}/versions/${draft.version}`);
  }

  @Roles('admin')
  @Get(':code/versions/:version')
  async edit(
    @Req() req: Request,
    @Res() res: Response,
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Query('saved') saved?: string,
  ): Promise<void> {
    const view = await this.procedures.getVersion(code, version);
    this.renderEdit(req, res, view, formValuesOf(view), [], { saved: saved === '1' });
  }

  @Roles('admin')
  @Post(':code/versions/:version')
  async save(
    @Req() req: Request,
    @Res() res: Response,
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: FormBody,
  ): Promise<void> {
    const lang = langOf(req);
    const view = await this.procedures.getVersion(code, version);
    const values = postedValues(body);
    const { patch, errors, structured } = contentFrom(values, body, lang);
    if (errors.length > 0) return this.renderEdit(req, res.status(400), view, values, errors);
    try {
      await this.procedures.updateDraft(code, version, patch);
    } catch (err) {
      if (isDomainError(err, 'validation_failed', 'conflict')) {
        const problems = err.details.errors ?? [{ field: 'implementingAgency', messages: [err.message] }];
        return this.renderEdit(req, res.status(err.status), view, values, toPageErrors(problems, structured));
      }
      throw err;
    }
    res.redirect(303, `/admin/procedures/${encodeURIComponent(code)}/versions/${version}?saved=1`);
  }

  @Roles('admin')
  @Post(':code/versions/:version/publish')
  async publish(
    @Req() req: Request,
    @Res() res: Response,
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: FormBody,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const lang = langOf(req);
    const view = await this.procedures.getVersion(code, version);
    const date = effectiveFromOf(body);
    const publishValues = {
      day: typed(body['effectiveFrom-day']),
      month: typed(body['effectiveFrom-month']),
      year: typed(body['effectiveFrom-year']),
    };
    const fail = (status: number, text: string) =>
      this.renderEdit(req, res.status(status), view, formValuesOf(view), [{ id: 'effectiveFrom-day', text }], {
        publishValues,
        publishError: text,
      });
    if (!date) return fail(400, translate(lang, 'catalogue.admin.error.date'));
    try {
      await this.procedures.publish(code, version, date, principal.username);
    } catch (err) {
      if (isDomainError(err, 'validation_failed', 'conflict')) {
        const text = (err.details.errors ?? []).map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' ');
        return fail(err.status, text || err.message);
      }
      throw err;
    }
    res.redirect(303, `/admin/procedures?published=${encodeURIComponent(`${code} v${version}`)}`);
  }

  private renderEdit(
    req: Request,
    res: Response,
    view: ProcedureVersionView,
    values: Record<string, unknown>,
    errors: PageError[],
    extra: { saved?: boolean; publishValues?: Record<string, string>; publishError?: string } = {},
  ): void {
    const lang = langOf(req);
    res.render('catalogue/admin-version', {
      pageTitle: translate(lang, 'catalogue.admin.versionTitle', { code: view.code, version: String(view.version) }),
      procedure: view,
      values,
      errors: errors.map((e) => ({ text: e.text, href: `#${e.id}` })),
      ...editorLocals(values, errors, lang),
      saved: extra.saved ?? false,
      publishValues: extra.publishValues ?? { day: '', month: '', year: '' },
      publishError: extra.publishError ? { text: extra.publishError } : undefined,
    });
  }
}
