import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DomainError } from '@app/observability';
import { isUploadLimitError } from '../web/upload-limit-redirect.interceptor';

/** Turns multer's limit errors into problems that name the field and the limit. */
@Injectable()
export class UploadErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (isUploadLimitError(err)) {
          const message =
            err.getStatus() === 413 ? 'a file is larger than the upload limit' : err.message.toLowerCase();
          return throwError(
            () =>
              new DomainError(
                err.getStatus() === 413 ? 'payload_too_large' : 'validation_failed',
                `files: ${message}`,
                {
                  errors: [{ field: 'files', messages: [message] }],
                },
              ),
          );
        }
        return throwError(() => err);
      }),
    );
  }
}
