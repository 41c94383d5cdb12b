import { FormApplicant, FormHeaderInput } from './form.inputs';

/** Thrown when a form input is missing or malformed; `field` names the offending property. */
export class FormInputError extends TypeError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'FormInputError';
  }
}

export function requireText(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FormInputError(field, 'is required');
  return value.trim();
}

export function requireDate(value: Date | null | undefined, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new FormInputError(field, 'must be a valid date');
  return value;
}

export function requireCount(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) throw new FormInputError(field, 'must be a whole number ≥ 0');
  return value;
}

export function requireHeader(input: FormHeaderInput): void {
  requireText(input.agency?.name, 'agency.name');
  requireText(input.locality, 'locality');
  requireDate(input.issuedAt, 'issuedAt');
  const url = requireText(input.lookupUrl, 'lookupUrl');
  if (!/^https?:\/\/\S+$/.test(url)) throw new FormInputError('lookupUrl', 'must be an http(s) URL');
}

export function requireApplicant(applicant: FormApplicant | undefined): void {
  requireText(applicant?.name, 'applicant.name');
}
