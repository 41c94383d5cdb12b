import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, EMPTY, Observable, throwError } from 'rxjs';

/**
 * On the dossier page, an upload that breaks multer's limits (too large, too many files, unexpected field) sends the
 * person back to the dossier with a message instead of an error page; the body was never read, so nothing is stored.
 */
@Injectable()
export class CitizenUploadErrorsInterceptor implements NestInterceptor {
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
        res.redirect(303, `/dossiers/${id}?error=fileLimit#documents`);
        return EMPTY;
      }),
    );
  }
}
