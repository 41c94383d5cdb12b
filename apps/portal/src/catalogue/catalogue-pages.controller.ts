import { Controller, Get, Param, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@app/auth';
import { DomainError } from '@app/observability';
import { describeFeeRule, formatVnDate, parseIsoDate, ProcedureService, todayInVietnam } from '@app/procedures';
import { translate } from '../i18n/messages';
import { langOf } from '../web/view-locals.middleware';

/** The public catalogue pages: anyone can read which procedures exist and every legal component of each. */
@ApiExcludeController()
@Controller('procedures')
export class CataloguePagesController {
  constructor(private readonly procedures: ProcedureService) {}

  @Public()
  @Get()
  @Render('catalogue/list')
  async list(@Req() req: Request, @Query('q') q?: string, @Query('field') field?: string) {
    const lang = langOf(req);
    const query = typeof q === 'string' ? q.trim().slice(0, 200) : '';
    const selected = typeof field === 'string' ? field : '';
    const [items, fields] = await Promise.all([
      this.procedures.listEffective({ q: query || undefined, field: selected || undefined }),
      this.procedures.listFields(),
    ]);
    return {
      pageTitle: translate(lang, 'catalogue.title'),
      q: query,
      field: selected,
      fieldOptions: [
        { value: '', text: translate(lang, 'catalogue.allFields') },
        ...fields.map((f) => ({ value: f, text: f, selected: f === selected })),
      ],
      items,
    };
  }

  @Public()
  @Get(':code')
  @Render('catalogue/detail')
  async detail(@Req() req: Request, @Param('code') code: string, @Query('at') at?: string) {
    const lang = langOf(req);
    const date = typeof at === 'string' && parseIsoDate(at) ? at : todayInVietnam();
    const procedure = await this.procedures.findEffective(code, date);
    if (!procedure) throw new DomainError('not_found', `No version of procedure ${code} is in force on ${date}.`);
    return {
      pageTitle: procedure.name,
      procedure,
      effectiveFrom: procedure.effectiveFrom ? formatVnDate(procedure.effectiveFrom) : '',
      effectiveTo: procedure.effectiveTo ? formatVnDate(procedure.effectiveTo) : '',
      fees: procedure.fees.map((item) => ({ ...item, description: describeFeeRule(item.rule, lang) })),
      channelTexts: procedure.channels.map((c) => translate(lang, `catalogue.channel.${c}`)),
      applicantTexts: procedure.applicantTypes.map((a) => translate(lang, `catalogue.applicant.${a}`)),
    };
  }
}
