import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_KINDS, MessageKind, SMS_KINDS } from './message-kinds';
import { escapeHtml } from '@app/plain-http';

export const MESSAGE_LOCALES = ['vi', 'en'] as const;
export type MessageLocale = (typeof MESSAGE_LOCALES)[number];

/** The values a template may name; null or '' leaves out every line that names only empty values. */
export type MessageValues = Readonly<Record<string, string | null>>;

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

/**
 * The message templates, read from files once at boot: for e-mail `<locale>/<kind>.txt` (a `Subject:` line, a blank
 * line, the body) and `<locale>/layout.html`; for SMS `<locale>/sms/<kind>.txt`, one line. The HTML part is made from the same text — paragraphs, line breaks and links —
 * inside the layout, so the two parts cannot say different things. Values are escaped in HTML; a line whose
 * placeholders all have no value is left out (a walk-in has no online dossier page to link to). Boot fails when a
 * template is missing or names a value nobody provides.
 */
export class MessageTemplates {
  private constructor(
    private readonly texts: ReadonlyMap<string, { subject: string; body: string }>,
    private readonly layouts: ReadonlyMap<MessageLocale, string>,
    private readonly sms: ReadonlyMap<string, string>,
  ) {}

  /** The folder holding the templates: beside the built worker, or in the source tree. */
  static defaultDir(): string {
    const candidates = [join(__dirname, 'templates', 'messages'), join(__dirname, '..', 'templates')];
    const found = candidates.find((dir) => existsSync(join(dir, 'vi', 'layout.html')));
    if (!found) throw new Error(`message templates not found in ${candidates.join(' or ')}`);
    return found;
  }

  static load(dir = MessageTemplates.defaultDir()): MessageTemplates {
    const texts = new Map<string, { subject: string; body: string }>();
    const layouts = new Map<MessageLocale, string>();
    const sms = new Map<string, string>();
    const problems: string[] = [];
    for (const locale of MESSAGE_LOCALES) {
      const layoutPath = join(dir, locale, 'layout.html');
      if (!existsSync(layoutPath)) problems.push(`${locale}/layout.html is missing`);
      else layouts.set(locale, readFileSync(layoutPath, 'utf8'));
      for (const kind of MESSAGE_KINDS) {
        const path = join(dir, locale, `${kind}.txt`);
        if (!existsSync(path)) {
          problems.push(`${locale}/${kind}.txt is missing`);
          continue;
        }
        const raw = readFileSync(path, 'utf8').replace(/\r\n/g, '\n');
        const match = /^Subject: (.+)\n\n([\s\S]+)$/.exec(raw);
        if (!match?.[1] || !match[2]) {
          problems.push(`${locale}/${kind}.txt must start with "Subject: …" and a blank line`);
          continue;
        }
        const template = { subject: match[1].trim(), body: match[2].trimEnd() };
        for (const name of namesIn(`${template.subject}\n${template.body}`)) {
          if (!TEMPLATE_VALUES.includes(name))
            problems.push(`${locale}/${kind}.txt names an unknown value {{${name}}}`);
        }
        texts.set(`${locale}/${kind}`, template);
      }
      for (const kind of SMS_KINDS) {
        const path = join(dir, locale, 'sms', `${kind}.txt`);
        if (!existsSync(path)) {
          problems.push(`${locale}/sms/${kind}.txt is missing`);
          continue;
        }
        const text = readFileSync(path, 'utf8').trim();
        if (text.includes('\n')) problems.push(`${locale}/sms/${kind}.txt must be one line`);
        for (const name of namesIn(text)) {
          if (!SMS_VALUES.includes(name)) problems.push(`${locale}/sms/${kind}.txt names {{${name}}}, not for SMS`);
        }
        sms.set(`${locale}/${kind}`, text);
      }
    }
    if (problems.length > 0) throw new Error(`message templates in ${dir}: ${problems.join('; ')}`);
    return new MessageTemplates(texts, layouts, sms);
  }

  /** The text of an SMS: one line, the dossier code and dates only (`SMS_VALUES`). */
  renderSms(kind: MessageKind, locale: MessageLocale, values: MessageValues): string {
    const template = this.sms.get(`${locale}/${kind}`);
    if (!template) throw new Error(`no SMS template ${locale}/${kind}`);
    return fill(template, values, (v) => v)
      .replace(/\s+/g, ' ')
      .trim();
  }

  renderEmail(kind: MessageKind, locale: MessageLocale, values: MessageValues): RenderedEmail {
    const template = this.texts.get(`${locale}/${kind}`);
    const layout = this.layouts.get(locale);
    if (!template || !layout) throw new Error(`no template ${locale}/${kind}`);
    const subject = fill(template.subject, values, (v) => v).replace(/\s+/g, ' ');
    const lines = keptLines(template.body, values);
    const text = collapseBlankLines(lines.map((line) => fill(line, values, (v) => v))).join('\n');
    const paragraphs = collapseBlankLines(lines)
      .join('\n')
      .split(/\n{2,}/)
      .map((para) => {
        const html = para
          .split('\n')
          .map((line) => fill(escapeHtml(line), values, (v, name) => htmlValue(name, v)))
          .join('<br />\n');
        return `<p style="margin:0 0 16px">${html}</p>`;
      })
      .join('\n');
    const html = layout.replace(/\{\{subject\}\}/g, escapeHtml(subject)).replace(/\{\{content\}\}/g, () => paragraphs);
    return { subject, text: `${text}\n`, html };
  }
}

/** Every value a template may name (the sender provides each, possibly empty). */
export const TEMPLATE_VALUES: readonly string[] = [
  'applicantName',
  'code',
  'dossierRef',
  'lookupKey',
  'procedureName',
  'agencyName',
  'dueAt',
  'reason',
  'supplementDueAt',
  'newDueAt',
  'lookupUrl',
  'dossierUrl',
  'ratingUrl',
  'amount',
  'payUrl',
  'note',
  'staffUrl',
];

/** What an SMS may carry: nothing personal beyond the dossier code (the brand name says who sends it). */
export const SMS_VALUES: readonly string[] = ['code', 'dueAt', 'supplementDueAt', 'newDueAt', 'amount'];

function namesIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

function isEmpty(value: string | null | undefined): boolean {
  return value === null || value === undefined || value.trim() === '';
}

/** The body's lines without those whose placeholders all lack a value. */
function keptLines(body: string, values: MessageValues): string[] {
  return body.split('\n').filter((line) => {
    const names = namesIn(line);
    return names.length === 0 || names.some((name) => !isEmpty(values[name]));
  });
}

function collapseBlankLines(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === '' && (out.length === 0 || out[out.length - 1]?.trim() === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1]?.trim() === '') out.pop();
  return out;
}

function fill(text: string, values: MessageValues, format: (value: string, name: string) => string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    return isEmpty(value) ? '' : format(value as string, name);
  });
}

function htmlValue(name: string, value: string): string {
  const escaped = escapeHtml(value);
  return name.endsWith('Url') ? `<a href="${escaped}">${escaped}</a>` : escaped;
}
