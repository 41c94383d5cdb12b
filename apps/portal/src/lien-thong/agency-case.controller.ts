import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { AgencyCaseService, AgencyCaseView, AnswerOutcome } from '@app/routing';
import { CaseListQueryDto, RecordResultDto, ReportStatusDto, ReturnCaseDto } from './agency-case.dto';
import { IDEMPOTENCY_HEADER, IdempotencyKey } from './idempotency-key.decorator';
import { sendDocument } from './send-document';
import { CASE_ID, DOCUMENT_ID } from '../web/page-kit';

const IDEMPOTENCY_DOC = {
  name: IDEMPOTENCY_HEADER,
  required: false,
  description:
    'Up to 128 characters of A–Z a–z 0–9 . _ : -. Retrying with the same key and body replays the first answer ' +
    '(header Idempotent-Replayed: true); the same key with another body is refused with 422.',
};

/** Sends an answer with the status it was first given, marking a replay. */
function answer(res: Response, outcome: AnswerOutcome): AgencyCaseView {
  res.status(outcome.statusCode);
  if (outcome.replayed) res.setHeader('Idempotent-Replayed', 'true');
  return outcome.body;
}

/**
 * The pull API of linked agencies: their systems (client-credentials tokens) or officers list the cases forwarded
 * to their agency, acknowledge each explicitly, report sector sub-statuses, and answer with a result or a return.
 * A case of another agency is never disclosed (404).
 */
@ApiTags('agency cases')
@ApiBearerAuth()
@Roles('agency_officer')
@Controller('api/v1/agency-cases')
export class AgencyCaseController {
  constructor(private readonly cases: AgencyCaseService) {}

  /**
   * Cases opened for the caller's agency, oldest first (status=new is what a pulling system has not acknowledged
   * yet); page with `after` = the previous page's nextCursor.
   */
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQueryDto) {
    return this.cases.list(principal, { status: query.status, after: query.after, limit: query.limit });
  }

  /** The sub-statuses the caller's agency reports (its sector's codes), each mapped to a case status. */
  @Get('sub-statuses')
  subStatuses(@CurrentPrincipal() principal: Principal) {
    return this.cases.subStatuses(principal);
  }

  /** The case with the applicant, the e-form answers, the dossier's documents and the route around this step. */
  @Get(':id')
  one(@CurrentPrincipal() principal: Principal, @Param('id', CASE_ID) id: string) {
    return this.cases.get(principal, id);
  }

  /** A document of the case: a file of the dossier or of a result. */
  @Get(':id/documents/:fileId')
  async document(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CASE_ID) id: string,
    @Param('fileId', DOCUMENT_ID) file: string,
    @Res() res: Response,
  ): Promise<void> {
    sendDocument(res, await this.cases.document(principal, id, file));
  }

  /** Marks the case fetched and taken in charge. Acknowledging again changes nothing and answers the same. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_DOC)
  @ApiOkResponse({ description: 'The case after the acknowledgement' })
  async acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CASE_ID) id: string,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, await this.cases.acknowledge(principal, id, key));
  }

  /** A sector sub-status (e.g. police: 1 received, 2 needs supplement, 3 eligible), mapped to the case status. */
  @Post(':id/status')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_DOC)
  async reportStatus(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CASE_ID) id: string,
    @Body() dto: ReportStatusDto,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) res: Response,
  ) {
    const input = { subStatus: dto.subStatus, note: dto.note?.trim() || null };
    return answer(res, await this.cases.reportStatus(principal, id, input, key));
  }

  /** The agency's result: a summary and its documents. The route moves on (next stage, or back to the desk). */
  @Post(':id/result')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_DOC)
  async complete(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CASE_ID) id: string,
    @Body() dto: RecordResultDto,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) res: Response,
  ) {
    const input = {
      summary: dto.summary.trim(),
      documents: dto.documents.map((d) => ({ fileName: d.fileName, contentBase64: d.contentBase64 })),
    };
    return answer(res, await this.cases.complete(principal, id, input, key));
  }

  /** Returns the case to the lead agency with the reason (the dossier goes back to its desk). */
  @Post(':id/return')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_DOC)
  async returnCase(
    @CurrentPrincipal() principal: Principal,
    @Param('id', CASE_ID) id: string,
    @Body() dto: ReturnCaseDto,
    @IdempotencyKey() key: string | null,
    @Res({ passthrough: true }) res: Response,
  ) {
    return answer(res, await this.cases.returnCase(principal, id, { reason: dto.reason.trim() }, key));
  }
}
