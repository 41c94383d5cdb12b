import { CallHandler, ExecutionContext, HttpException, Injectable, mixin, NestInterceptor, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, EMPTY, Observable, throwError } from 'rxjs';

/** Multer's limit errors: a file too large (413), too many files, or a file field the route does not take. */
export function isUploadLimitError(err: unknown): err is HttpException {
  return err instanceof HttpException && (err.getStatus() === 413 || /too many|unexpected field/i.test(err.message));
}

/**
 * For a page's upload form: an upload that breaks multer's limits sends the person back to `target(id)` (the page,
 * with `?error=fileLimit` and an anchor) instead of an error page; the body was never read, so nothing is stored.
 */
export function UploadLimitRedirect(target: (id: string) => string): Type<NestInterceptor> {
  @Injectable()
  class UploadLimitRedirectInterceptor implements NestInterceptor {
    intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
      return next.handle().pipe(
        catchError((err: unknown) => {
          if (!isUploadLimitError(err)) return throwError(() => err);
          const http = context.switchToHttp();
          const id = encodeURIComponent(String(http.getRequest<Request>().params.id));
          http.getResponse<Response>().redirect(303, target(id));
          return EMPTY;
        }),
      );
    }
  }
  return mixin(UploadLimitRedirectInterceptor);
}
