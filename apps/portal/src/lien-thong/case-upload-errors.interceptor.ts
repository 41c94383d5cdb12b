import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, EMPTY, Observable, throwError } from 'rxjs';

/**
 * On the agency's case page, a result upload that breaks multer's limits (a file too large, too many files) sends
 * the officer back to the result form with a message instead of an error page; nothing was stored.
 */
@Injectable()
export class CaseUploadErrorsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        const isLimit =
          err instanceof HttpException && (err.getStatus() === 413 || /too many|unexpected field/i.test(err.message));
        if (!isLimit) return throwError(() => err);
        const http = context.switchToHttp();
        const req = http.getRequest<Request>();
        const res = http.getResponse<Response>();
        const id = encodeURIComponent(String(req.params.id));
        res.redirect(303, `/agency/cases/${id}?error=fileLimit#action-result`);
        return EMPTY;
      }),
    );
  }
}
