import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { DomainError } from '@app/observability';
import { of } from 'rxjs';
import { MultipartInputInterceptor } from './multipart-input.interceptor';

function contextWith(body: unknown): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => ({ body }) }) } as unknown as ExecutionContext;
}

describe('the input rules of multipart text fields', () => {
  const interceptor = new MultipartInputInterceptor();
  const next: CallHandler = { handle: jest.fn(() => of('stored')) };

  it('refuses a NUL or an unpaired surrogate in a text field with a 400 naming it, before the handler runs', () => {
    for (const bad of ['Xong\u0000', 'Trần \uD83D Bích']) {
      let thrown: unknown;
      try {
        interceptor.intercept(contextWith({ _csrf: 't', summary: bad }), next);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'validation_failed', details: { errors: [{ field: 'summary' }] } });
    }
    expect(next.handle).not.toHaveBeenCalled();
  });

  it('lets valid Vietnamese text through to the handler', () => {
    interceptor.intercept(contextWith({ summary: 'Đã xác minh nơi cư trú 😀' }), next);
    expect(next.handle).toHaveBeenCalledTimes(1);
  });
});
