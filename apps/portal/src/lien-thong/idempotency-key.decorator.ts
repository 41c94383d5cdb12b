import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '@app/observability';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const KEY = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's `Idempotency-Key` header, or null when absent; a malformed key is a 400 naming the header. */
export function idempotencyKeyOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!KEY.test(value)) {
    const message = 'must be 1–128 characters of A–Z, a–z, 0–9 and . _ : -';
    throw new DomainError('validation_failed', `${IDEMPOTENCY_HEADER} ${message}`, {
      errors: [{ field: IDEMPOTENCY_HEADER, messages: [message] }],
    });
  }
  return value;
}

export const IdempotencyKey = createParamDecorator((_data: unknown, ctx: ExecutionContext): string | null =>
  idempotencyKeyOf(ctx.switchToHttp().getRequest<Request>().get(IDEMPOTENCY_HEADER)),
);
