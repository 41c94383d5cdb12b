import type { FieldProblem } from '@app/observability';
import { FeeItem, validateFeeItems } from './fee.rules';
import { FormSchema, parseIsoDate, validateFormSchema } from './form-schema';

export const TIME_LIMIT_UNITS = ['working_days', 'working_hours'] as const;
export const CHANNELS = [1, 2, 3] as const;
export const ONLINE_LEVELS = ['full', 'partial', 'none'] as const;
export const SUPPLEMENT_POLICIES = ['pause', 'restart'] as const;
export const APPLICANT_TYPES = ['individual', 'organization'] as const;
export const VERSION_STATUSES = ['draft', 'published', 'retired'] as const;

export type TimeLimitUnit = (typeof TIME_LIMIT_UNITS)[number];
/** 1 in person (trực tiếp), 2 online (trực tuyến), 3 public postal service (bưu chính công ích). */
export type Channel = (typeof CHANNELS)[number];
/** full = toàn trình, partial = một phần (NĐ 42/2022/NĐ-CP), none = information only. */
export type OnlineLevel = (typeof ONLINE_LEVELS)[number];
export type SupplementPolicy = (typeof SUPPLEMENT_POLICIES)[number];
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface TimeLimit {
  unit: TimeLimitUnit;
  /** 0 = within the day of reception (a dossier received after 15:00 counts from the next working day). */
  amount: number;
  /** The longer limit when verification is needed (e.g. kết hôn: 5 working days). */
  extendedAmount?: number | null;
  note?: string | null;
}

export interface ProcedureStep {
  title: string;
  description?: string;
}

export interface RequiredDocument {
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  /** The form (mẫu) the applicant fills, e.g. "Mẫu tờ khai đăng ký khai sinh (TT 04/2020/TT-BTP)". */
  template?: string;
  note?: string;
}

export interface LegalDocument {
  title: string;
  number?: string;
  issuedOn?: string;
}

/** A component procedure of an inter-agency group (liên thông). */
export interface GroupComponent {
  code?: string;
  name: string;
  authority: string;
  timeLimit?: string;
}

/** Every legal component of a procedure version except its identity, status and effective range. */
export interface VersionContent {
  implementingAgency: string;
  timeLimit: TimeLimit;
  channels: Channel[];
  onlineLevel: OnlineLevel;
  interAgency: boolean;
  supplementPolicy: SupplementPolicy;
  applicantTypes: ApplicantType[];
  steps: ProcedureStep[];
  requiredDocuments: RequiredDocument[];
  fees: FeeItem[];
  legalBasis: LegalDocument[];
  result: string[];
  conditions: string[];
  components: GroupComponent[];
  formSchema: FormSchema;
}

export const VERSION_CONTENT_KEYS: ReadonlyArray<keyof VersionContent> = [
  'implementingAgency',
  'timeLimit',
  'channels',
  'onlineLevel',
  'interAgency',
  'supplementPolicy',
  'applicantTypes',
  'steps',
  'requiredDocuments',
  'fees',
  'legalBasis',
  'result',
  'conditions',
  'components',
  'formSchema',
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

type Spec = Record<string, { required: boolean; check: (v: unknown) => boolean; message: string }>;

function objectList(value: unknown, at: string, spec: Spec): FieldProblem[] {
  if (!Array.isArray(value)) return [{ field: at, messages: ['must be an array'] }];
  const errors: FieldProblem[] = [];
  value.forEach((item: unknown, i: number) => {
    if (!isRecord(item)) {
      errors.push({ field: `${at}[${i}]`, messages: [`must be an object with ${Object.keys(spec).join(', ')}`] });
      return;
    }
    for (const k of Object.keys(item)) {
      if (!(k in spec)) errors.push({ field: `${at}[${i}].${k}`, messages: ['is not a known property'] });
    }
    for (const [k, s] of Object.entries(spec)) {
      if (item[k] === undefined) {
        if (s.required) errors.push({ field: `${at}[${i}].${k}`, messages: ['is required'] });
      } else if (!s.check(item[k])) errors.push({ field: `${at}[${i}].${k}`, messages: [s.message] });
    }
  });
  return errors;
}

const count = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 20;
const T = { required: true, check: text, message: 'must be non-empty text' };
const OptT = { ...T, required: false };

function textList(value: unknown, at: string): FieldProblem[] {
  if (!Array.isArray(value)) return [{ field: at, messages: ['must be an array of texts'] }];
  return value.flatMap((v: unknown, i: number) =>
    text(v) ? [] : [{ field: `${at}[${i}]`, messages: ['must be non-empty text'] }],
  );
}

/**
 * Checks the legal components of a version as a whole (types and the rules between fields). Field names are the
 * API's (`requiredDocuments[1].name`, `formSchema.fields[2].key`).
 */
export function validateVersionContent(content: Record<string, unknown>): FieldProblem[] {
  const errors: FieldProblem[] = [];
  const add = (field: string, m: string) => errors.push({ field, messages: [m] });
  if (!text(content.implementingAgency)) add('implementingAgency', 'must be non-empty text');

  const tl = content.timeLimit;
  if (!isRecord(tl)) add('timeLimit', 'must be { unit, amount, extendedAmount?, note? }');
  else {
    for (const k of Object.keys(tl)) {
      if (!['unit', 'amount', 'extendedAmount', 'note'].includes(k)) add(`timeLimit.${k}`, 'is not a known property');
    }
    if (!(TIME_LIMIT_UNITS as readonly unknown[]).includes(tl.unit)) {
      add('timeLimit.unit', `must be one of ${TIME_LIMIT_UNITS.join(', ')}`);
    }
    const amountOk = Number.isInteger(tl.amount) && (tl.amount as number) >= 0 && (tl.amount as number) <= 365;
    if (!amountOk) add('timeLimit.amount', 'must be a whole number from 0 (same day) to 365');
    if (tl.extendedAmount !== undefined && tl.extendedAmount !== null) {
      if (!Number.isInteger(tl.extendedAmount) || (amountOk && (tl.extendedAmount as number) <= (tl.amount as number)))
        add('timeLimit.extendedAmount', 'must be a whole number greater than amount');
    }
    if (tl.note !== undefined && tl.note !== null && typeof tl.note !== 'string') add('timeLimit.note', 'must be text');
  }

  const channels = content.channels;
  const channelsOk =
    Array.isArray(channels) &&
    channels.length > 0 &&
    channels.every((c) => (CHANNELS as readonly unknown[]).includes(c)) &&
    new Set(channels).size === channels.length;
  if (!channelsOk) add('channels', 'must list distinct channels among 1 (in person), 2 (online), 3 (postal)');
  if (!(ONLINE_LEVELS as readonly unknown[]).includes(content.onlineLevel)) {
    add('onlineLevel', `must be one of ${ONLINE_LEVELS.join(', ')}`);
  } else if (channelsOk && (channels as number[]).includes(2) !== (content.onlineLevel !== 'none')) {
    add('onlineLevel', 'must be full or partial exactly when channel 2 (online) is offered');
  }
  if (typeof content.interAgency !== 'boolean') add('interAgency', 'must be true or false');
  if (!(SUPPLEMENT_POLICIES as readonly unknown[]).includes(content.supplementPolicy)) {
    add('supplementPolicy', `must be one of ${SUPPLEMENT_POLICIES.join(', ')}`);
  }
  const at = content.applicantTypes;
  if (
    !Array.isArray(at) ||
    at.length === 0 ||
    !at.every((a) => (APPLICANT_TYPES as readonly unknown[]).includes(a)) ||
    new Set(at).size !== at.length
  ) {
    add('applicantTypes', `must list distinct types among ${APPLICANT_TYPES.join(', ')}`);
  }

  errors.push(...objectList(content.steps, 'steps', { title: T, description: OptT }));
  errors.push(
    ...objectList(content.requiredDocuments, 'requiredDocuments', {
      name: T,
      originals: { required: true, check: count, message: 'must be a whole number from 0 to 20' },
      copies: { required: true, check: count, message: 'must be a whole number from 0 to 20' },
      required: { required: true, check: (v) => typeof v === 'boolean', message: 'must be true or false' },
      template: OptT,
      note: OptT,
    }),
  );
  if (Array.isArray(content.requiredDocuments)) {
    content.requiredDocuments.forEach((d: unknown, i: number) => {
      if (isRecord(d) && d.originals === 0 && d.copies === 0) {
        add(`requiredDocuments[${i}].copies`, 'a document needs at least one original or copy');
      }
    });
  }
  errors.push(...validateFeeItems(content.fees, 'fees'));
  errors.push(
    ...objectList(content.legalBasis, 'legalBasis', {
      title: T,
      number: OptT,
      issuedOn: {
        required: false,
        check: (v) => typeof v === 'string' && parseIsoDate(v) !== null,
        message: 'must be a date YYYY-MM-DD',
      },
    }),
  );
  errors.push(...textList(content.result, 'result'));
  errors.push(...textList(content.conditions, 'conditions'));
  errors.push(...objectList(content.components, 'components', { code: OptT, name: T, authority: T, timeLimit: OptT }));
  if (content.interAgency === true && Array.isArray(content.components) && content.components.length < 2) {
    add('components', 'an inter-agency procedure lists the component procedures of its group (at least two)');
  }
  const form = validateFormSchema(content.formSchema);
  if (!form.ok) {
    errors.push(
      ...form.errors.map((e) => ({ field: e.field ? `formSchema.${e.field}` : 'formSchema', messages: e.messages })),
    );
  }
  return errors;
}
