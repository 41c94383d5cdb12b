import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Response } from 'express';
import { AgencyScoped, CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DossierApologyService } from '@app/dossiers';
import { DomainError } from '@app/observability';
import { DOSSIER_FORM_KINDS, DossierFormsService } from './dossier-forms.service';
import { formKindOfSlug } from './legal-forms';
import { DOSSIER_ID } from '../web/page-kit';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RegisterQueryDto {
  @ApiProperty({ example: '2026-11-01' })
  @Matches(ISO_DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-11-30' })
  @Matches(ISO_DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;
}

export class ProposeApologyDto {
  @ApiProperty({ example: '2026-12-04', description: 'New appointment: a future working day' })
  @Matches(ISO_DATE, { message: 'newDueDate must be a date YYYY-MM-DD' })
  newDueDate!: string;

  @ApiProperty({ example: 'Cần xác minh thêm thông tin tại nơi cư trú trước đây' })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  reason!: string;
}

export class DecideApologyDto {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ description: 'Required when rejecting' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

function sendPdf(res: Response, name: string, pdf: Buffer): void {
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', `inline; filename="${name}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(pdf);
}

@ApiTags('forms')
@ApiBearerAuth()
@Controller('api/v1')
export class DossierFormsController {
  constructor(
    private readonly forms: DossierFormsService,
    private readonly apologies: DossierApologyService,
  ) {}

  /**
   * A paper of a dossier as PDF, by what it is (receipt, supplement-request, refusal, apology, stop-notice,
   * control-sheet — the last for staff only), numbered and titled as the dossier's regime prescribes.
   */
  @Get('dossiers/:id/forms/:form')
  @ApiProduces('application/pdf')
  async form(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Param('form') form: string,
    @Res() res: Response,
  ): Promise<void> {
    const kind = formKindOfSlug(form);
    if (!kind || !DOSSIER_FORM_KINDS.includes(kind)) throw new DomainError('not_found', `Unknown form ${form}.`);
    sendPdf(res, `${form}.pdf`, await this.forms.render(principal, id, kind));
  }

  /** The register of the agency's dossiers received in a period (Mẫu 06 of 2018, Mẫu 07 of 2025). */
  @Get('agencies/:code/register')
  @Roles('clerk', 'specialist', 'leader', 'admin')
  @AgencyScoped('code')
  @ApiProduces('application/pdf')
  async register(@Param('code') code: string, @Query() query: RegisterQueryDto, @Res() res: Response): Promise<void> {
    if (query.from > query.to) {
      throw new DomainError('validation_failed', 'to: must not be before from', {
        errors: [{ field: 'to', messages: ['must not be before from'] }],
      });
    }
    const { pdf, fileName } = await this.forms.register(code, query.from, query.to);
    sendPdf(res, fileName, pdf);
  }

  @Get('dossiers/:id/apologies')
  listApologies(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string) {
    return this.apologies.list(principal, id);
  }

  /** A specialist (or the desk) proposes a new appointment with the reason for the delay (Mẫu 04). */
  @Post('dossiers/:id/apology')
  @HttpCode(201)
  propose(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Body() dto: ProposeApologyDto,
  ) {
    return this.apologies.propose(principal, id, dto);
  }

  /** The leader approves (the appointment moves) or rejects the proposed apology. */
  @Post('dossiers/:id/apology/decision')
  @HttpCode(200)
  decide(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string, @Body() dto: DecideApologyDto) {
    return this.apologies.decide(principal, id, dto);
  }
}
