import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { inputProblems, inputRulesError } from './input-rules';

/**
 * The input rules of JSON and form bodies (no NUL, no unpaired surrogate, bounded depth) for a multipart body, whose
 * text fields only the route's upload interceptor reads: listed after FilesInterceptor, it refuses such a body with
 * a 400 naming the field before the handler stores anything.
 */
@Injectable()
export class MultipartInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const problems = inputProblems(req.body, '');
    if (problems.length > 0) throw inputRulesError(problems);
    return next.handle();
  }
}
