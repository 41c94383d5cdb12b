import { BadRequestException, CallHandler, ExecutionContext, PayloadTooLargeException } from '@nestjs/common';
import { firstValueFrom, of, throwError } from 'rxjs';
import { isUploadLimitError, UploadLimitRedirect } from './upload-limit-redirect.interceptor';

function context(id: string, redirect: jest.Mock): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => ({ params: { id } }), getResponse: () => ({ redirect }) }),
  } as unknown as ExecutionContext;
}

const failing = (err: unknown): CallHandler => ({ handle: () => throwError(() => err) });

describe('UploadLimitRedirect', () => {
  const Interceptor = UploadLimitRedirect((id) => `/agency/cases/${id}?error=fileLimit#action-result`);
  /** The first value the intercepted handler yields ('nothing' when it completes empty). */
  const run = async (ctx: ExecutionContext, handler: CallHandler): Promise<unknown> =>
    firstValueFrom<unknown, string>(await new Interceptor().intercept(ctx, handler), { defaultValue: 'nothing' });

  it('sends the person back to the page when multer refuses the upload', async () => {
    const redirect = jest.fn();
    await expect(run(context('a/b', redirect), failing(new PayloadTooLargeException()))).resolves.toBe('nothing');
    expect(redirect).toHaveBeenCalledWith(303, '/agency/cases/a%2Fb?error=fileLimit#action-result');
  });

  it('lets every other error and every answer through', async () => {
    const redirect = jest.fn();
    const other = new BadRequestException('summary is required');
    await expect(run(context('x', redirect), failing(other))).rejects.toBe(other);
    await expect(run(context('x', redirect), { handle: () => of(1) })).resolves.toBe(1);
    expect(redirect).not.toHaveBeenCalled();
  });

  it('knows multer’s limit errors', () => {
    expect(isUploadLimitError(new PayloadTooLargeException())).toBe(true);
    expect(isUploadLimitError(new BadRequestException('Too many files'))).toBe(true);
    expect(isUploadLimitError(new BadRequestException('Unexpected field'))).toBe(true);
    expect(isUploadLimitError(new BadRequestException('summary is required'))).toBe(false);
    expect(isUploadLimitError(new Error('Too many files'))).toBe(false);
  });
});
