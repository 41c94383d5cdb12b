import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { verifyFormToken } from './csrf.middleware';

/**
 * The CSRF check of a multipart page form, whose body (and so its `_csrf` field) is read only by the route's upload
 * interceptor: listed after FilesInterceptor, it checks the token once multer has parsed the body and before the
 * handler keeps any file (multer holds them in memory until then). CsrfMiddleware lets such a request through only
 * to the app's multipart form routes (WebShellOptions.multipartFormRoutes), and marks it pending; nothing else clears the mark.
 */
@Injectable()
export class MultipartCsrfInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.csrfPending) {
      const body = req.body as Record<string, unknown> | undefined;
      verifyFormToken(req, typeof body?._csrf === 'string' ? body._csrf : undefined);
      req.csrfPending = false;
    }
    return next.handle();
  }
}
