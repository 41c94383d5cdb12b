import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Public } from '@app/auth';
import {
  DOSSIER_ACTIONS,
  DossierAction,
  DossierFileService,
  DossierQueryService,
  DossierRow,
  DossierService,
} from '@app/dossiers';
import { DomainError } from '@app/observability';
import {
  DossierActionDto,
  LookupQueryDto,
  OpenDossierDto,
  QueueQueryDto,
  UpdateDraftDto,
  UploadDto,
} from './dossier.dto';
import { actorOn, dossierView } from './dossier.view';
import { UploadErrorsInterceptor } from './upload-errors.interceptor';
import { PaymentService } from '@app/payments';
import { LookupThrottle } from '../infra/lookup-throttle.service';
import { DOCUMENT_ID, DOSSIER_ID, uploadedFileName } from '../web/page-kit';
import { MultipartInputInterceptor } from '@app/web';

@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('api/v1')
export class DossierController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly queries: DossierQueryService,
    private readonly files: DossierFileService,
    private readonly throttle: LookupThrottle,
    private readonly payments: PaymentService,
  ) {}

  private async view(row: DossierRow, principal: Principal) {
    return dossierView(row, await this.dossiers.actionsFor(principal, row, actorOn(row, principal)));
  }

  /** Opens a draft: online by a citizen (channel 2) or at the desk for a walk-in or postal dossier (1, 3). */
  @Post('dossiers')
  @HttpCode(201)
  async open(@CurrentPrincipal() principal: Principal, @Body() dto: OpenDossierDto) {
    const row = await this.dossiers.open(principal, {
      ...dto,
      applicant: {
        fullName: dto.applicant.fullName.trim(),
        idNumber: dto.applicant.idNumber ?? null,
        phone: dto.applicant.phone ?? null,
        email: dto.applicant.email ?? null,
        address: dto.applicant.address ?? null,
      },
    });
    return this.view(row, principal);
  }

  @Get('dossiers/mine')
  mine(@CurrentPrincipal() principal: Principal) {
    return this.queries.listMine(principal);
  }

  /** The work queue of the caller's agency for one status. */
  @Get('dossiers')
  queue(@CurrentPrincipal() principal: Principal, @Query() query: QueueQueryDto) {
    return this.queries.listQueue(principal, query.status);
  }

  @Get('dossiers/:id')
  async one(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string) {
    const { row, actor } = await this.dossiers.get(principal, id);
    return dossierView(row, await this.dossiers.actionsFor(principal, row, actor));
  }

  @Patch('dossiers/:id')
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Body() dto: UpdateDraftDto,
  ) {
    const row = await this.dossiers.updateDraft(principal, id, {
      expectedVersion: dto.expectedVersion,
      formData: dto.formData,
      applicant: dto.applicant && {
        fullName: dto.applicant.fullName.trim(),
        idNumber: dto.applicant.idNumber ?? null,
        phone: dto.applicant.phone ?? null,
        email: dto.applicant.email ?? null,
        address: dto.applicant.address ?? null,
      },
    });
    return this.view(row, principal);
  }

  /** Applies a lifecycle action (submit, receive, refuse, request_supplement, supplement, assign, approve, …). */
  @Post('dossiers/:id/actions/:action')
  @HttpCode(200)
  async act(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Param('action') action: string,
    @Body() dto: DossierActionDto,
  ) {
    if (!(DOSSIER_ACTIONS as readonly string[]).includes(action)) {
      throw new DomainError('not_found', `Unknown action ${action}.`);
    }
    if (action === 'request_financial_obligation') {
      // The fees asked for become the payment request, in the transaction that moves the dossier on.
      if (!dto.items) {
        throw new DomainError('validation_failed', 'items is required to ask for fees.', {
          errors: [{ field: 'items', messages: ['is required'] }],
        });
      }
      await this.payments.requestPayment(principal, id, {
        items: dto.items,
        reason: dto.reason ?? null,
        expectedVersion: dto.expectedVersion,
      });
      return this.view((await this.dossiers.get(principal, id)).row, principal);
    }
    const row = await this.dossiers.act(principal, id, action as DossierAction, dto);
    return this.view(row, principal);
  }

  /** The audit trail of the dossier: every action with who, role, agency, when and why. */
  @Get('dossiers/:id/events')
  events(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string) {
    return this.queries.timeline(principal, id);
  }

  @Post('dossiers/:id/files')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(UploadErrorsInterceptor, FilesInterceptor('files'), MultipartInputInterceptor)
  @HttpCode(201)
  upload(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Body() dto: UploadDto,
    @UploadedFiles() files: Express.Multer.File[] | undefined,
  ) {
    return this.files.upload(
      principal,
      id,
      dto.purpose,
      dto.documentCode ?? null,
      (files ?? []).map((f) => ({
        originalName: uploadedFileName(f),
        content: f.buffer,
      })),
    );
  }

  @Get('dossiers/:id/files')
  listFiles(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string) {
    return this.files.list(principal, id);
  }

  @Get('dossiers/:id/files/:fileId')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Param('fileId', DOCUMENT_ID) fileId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { view, content } = await this.files.download(principal, id, fileId);
    res.setHeader('Content-Type', view.mediaType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(view.fileName)}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(content);
  }

  /** Public lookup by dossier code and the key printed on the receipt: status only, no personal data. */
  @Public()
  @Get('lookup')
  @ApiTooManyRequestsResponse({ description: 'Too many lookups from this address or wrong keys for this code' })
  lookup(@Query() query: LookupQueryDto, @Req() req: Request) {
    const code = query.code.trim();
    return this.throttle.run(req.ip, code, () => this.queries.lookup(code, query.key));
  }
}
