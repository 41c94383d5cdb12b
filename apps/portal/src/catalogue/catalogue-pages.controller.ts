import { Controller, Get, Inject, Param, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@app/auth';
import { PORTAL_CONFIG, PortalConfig } from '@app/config';
import { DomainError } from '@app/observability';
import { describeFeeRule, formatVnDate, parseIsoDate, ProcedureService, todayInVietnam } from '@app/procedures';
import { translate } from '../i18n/messages';
import { langOf } from '@app/web';
import { translator } from '../web/page-kit';

/** The public catalogue pages: anyone can read which procedures exist and every legal component of each. */
@ApiExcludeController()
@Controller('procedures')
export class CataloguePagesController {
  constructor(
    private readonly procedures: ProcedureService,
    @Inject(PORTAL_CONFIG) private readonly config: PortalConfig,
  ) {}

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
    const t = translator(lang);
    const fields = procedure.formSchema.fields;
    const answerText = (key: string, equals: string | number | boolean) => {
      const target = fields.find((f) => f.key === key);
      if (typeof equals === 'boolean') return t(equals ? 'catalogue.yes' : 'catalogue.no');
      return target?.options?.find((o) => o.value === equals)?.label[lang] ?? String(equals);
    };
    return {
      pageTitle: procedure.name,
      procedure,
      // Citizens apply online through the dossier pages when the procedure takes online dossiers (channel 2), or on
      // the national portal where this deployment takes online dossiers only from there.
      applyHref:
        procedure.channels.includes(2) && this.config.nationalIntake.ownOnlineIntake
          ? `/dossiers/new/${encodeURIComponent(procedure.code)}`
          : null,
      nationalApplyHref:
        procedure.channels.includes(2) && !this.config.nationalIntake.ownOnlineIntake
          ? this.config.nationalIntake.publicUrl
          : null,
      legalBasis: procedure.legalBasis.map((l) => ({
        ...l,
        issuedOnText: l.issuedOn && parseIsoDate(l.issuedOn) ? formatVnDate(l.issuedOn) : '',
      })),
      formFields: fields.map((f) => {
        const target = f.showIf ? fields.find((o) => o.key === f.showIf?.field) : undefined;
        return {
          label: f.label[lang],
          type: t(`catalogue.type.${f.type}`),
          required: f.required === true,
          condition: f.showIf
            ? t('catalogue.formConditional', {
                field: target?.label[lang] ?? f.showIf.field,
                value: answerText(f.showIf.field, f.showIf.equals),
              })
            : null,
        };
      }),
      effectiveFrom: procedure.effectiveFrom ? formatVnDate(procedure.effectiveFrom) : '',
      effectiveTo: procedure.effectiveTo ? formatVnDate(procedure.effectiveTo) : '',
      fees: procedure.fees.map((item) => ({ ...item, description: describeFeeRule(item.rule, lang) })),
      channelTexts: procedure.channels.map((c) => translate(lang, `catalogue.channel.${c}`)),
      applicantTexts: procedure.applicantTypes.map((a) => translate(lang, `catalogue.applicant.${a}`)),
    };
  }
}
