import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { AgencyService, AgencyView } from '@app/agency';
import { decidingAgencyChoices, DossierService } from '@app/dossiers';
import { RegimeService } from '@app/regimes';
import { DomainError } from '@app/observability';
import { ProcedureService, ProcedureVersionView } from '@app/procedures';
import { translate } from '../i18n/messages';
import { langOf } from '@app/web';
import { EMPTY_APPLICANT } from './citizen-applicant';
import { checkDossierForm, DossierFormState, dossierFormModel } from './citizen-form';

/** Channels a clerk registers at the counter: 1 in person, 3 by post. */
const DESK_CHANNELS = [1, 3] as const;
type DeskChannel = (typeof DESK_CHANNELS)[number];

function deskChannels(procedure: { channels: readonly number[] }): DeskChannel[] {
  const offered = procedure.channels.map(Number);
  return DESK_CHANNELS.filter((c) => offered.includes(c));
}

/**
 * Counter intake: the clerk types in the applicant's details and e-form of a walk-in or postal dossier, which is
 * opened and submitted in one go, then continues on the staff dossier page.
 */
@ApiExcludeController()
@Roles('clerk')
@Controller('desk/intake')
export class CitizenIntakeController {
  constructor(
    private readonly dossiers: DossierService,
    private readonly procedures: ProcedureService,
    private readonly agencies: AgencyService,
    private readonly regimes: RegimeService,
  ) {}

  /**
   * The other agencies of the province this desk may receive the procedure for (NĐ 118/2025 Điều 14 khoản 2), when
   * the rules in force today allow it; empty otherwise (the desk receives for its own agency only).
   */
  private async decidingChoices(principal: Principal, procedure: ProcedureVersionView): Promise<AgencyView[]> {
    if (!principal.agency) return [];
    const regime = await this.regimes.at(new Date());
    if (!regime.rules.receptionAcrossBoundaries) return [];
    return decidingAgencyChoices(await this.agencies.listActive(), principal.agency, procedure.implementingAgency);
  }

  @Get()
  async page(
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() principal: Principal,
    @Query('procedure') code?: string,
  ): Promise<void> {
    const lang = langOf(req);
    if (typeof code !== 'string' || code.trim() === '') {
      const items = (await this.procedures.listEffective()).filter((p) => deskChannels(p).length > 0);
      return res.render('dossiers/citizen/intake-choose', {
        pageTitle: translate(lang, 'intake.title'),
        procedureItems: [
          { value: '', text: translate(lang, 'intake.chooseProcedure') },
          ...items.map((p) => ({ value: p.code, text: `${p.name} (${p.code})` })),
        ],
      });
    }
    const procedure = await this.deskProcedure(code.trim());
    const channels = deskChannels(procedure);
    this.renderForm(req, res, procedure, {
      state: { applicant: EMPTY_APPLICANT, values: {}, applicantErrors: {}, formErrors: [] },
      channel: channels.length === 1 ? String(channels[0]) : '',
      deciding: {
        choices: await this.decidingChoices(principal, procedure),
        own: principal.agencyName ?? principal.agency,
        value: '',
      },
      status: 200,
    });
  }

  @Post()
  async intake(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = langOf(req);
    const code = typeof body.procedureCode === 'string' ? body.procedureCode.trim() : '';
    const procedure = await this.deskProcedure(code);
    const channelText = typeof body.channel === 'string' ? body.channel : '';
    const channel = deskChannels(procedure).find((c) => String(c) === channelText);
    const checked = checkDossierForm(procedure, body, lang);
    const choices = await this.decidingChoices(principal, procedure);
    const decidingText = typeof body.decidingAgencyCode === 'string' ? body.decidingAgencyCode.trim() : '';
    const decidingKnown = decidingText === '' || choices.some((c) => c.code === decidingText);
    if (!checked.ok || channel === undefined || !decidingKnown) {
      const state: DossierFormState = { ...checked.state };
      state.extraErrors = [
        ...(channel === undefined ? [{ id: 'channel', key: 'dossier.error.channel' }] : []),
        ...(decidingKnown ? [] : [{ id: 'decidingAgencyCode', key: 'dossier.error.decidingAgency' }]),
      ];
      return this.renderForm(req, res, procedure, {
        state,
        channel: channelText,
        deciding: { choices, own: principal.agencyName ?? principal.agency, value: decidingText },
        status: 400,
      });
    }
    if (!principal.agency) throw new DomainError('forbidden', 'A clerk registers dossiers for their own agency.');
    const row = await this.dossiers.open(principal, {
      procedureCode: procedure.code,
      agencyCode: principal.agency,
      decidingAgencyCode: decidingText || null,
      channel,
      applicant: checked.applicant,
      formData: checked.formData,
    });
    // The e-form was checked above against the same schema, and a desk dossier needs no uploaded files.
    await this.dossiers.act(principal, row.id, 'submit');
    res.redirect(303, `/desk/dossiers/${row.id}?done=registered`);
  }

  private async deskProcedure(code: string): Promise<ProcedureVersionView> {
    const procedure = code ? await this.procedures.findEffective(code) : null;
    if (!procedure || deskChannels(procedure).length === 0) {
      throw new DomainError('not_found', `Procedure ${code} is not offered at the counter or by post today.`);
    }
    return procedure;
  }

  private renderForm(
    req: Request,
    res: Response,
    procedure: ProcedureVersionView,
    opts: {
      state: DossierFormState;
      channel: string;
      /** The agencies the desk may receive for, its own name, and the one chosen ('' for its own). */
      deciding: { choices: readonly AgencyView[]; own: string | null; value: string };
      status: number;
    },
  ): void {
    const lang = langOf(req);
    const model = dossierFormModel(lang, procedure, opts.state);
    const title = translate(lang, 'intake.formTitle', { name: procedure.name });
    res.status(opts.status).render('dossiers/citizen/form', {
      ...model,
      pageTitle: `${model.errorPrefix}${title}`,
      title,
      lead: translate(lang, 'intake.lead'),
      action: '/desk/intake',
      procedureCode: procedure.code,
      channelItems: deskChannels(procedure).map((c) => ({
        value: String(c),
        text: translate(lang, `dossier.channel.${c}`),
        checked: opts.channel === String(c),
      })),
      channelError: model.extraErrors.channel ?? null,
      decidingItems:
        opts.deciding.choices.length === 0
          ? null
          : [
              {
                value: '',
                text: translate(lang, 'intake.deciding.own', { agency: opts.deciding.own ?? '' }),
                selected: opts.deciding.value === '',
              },
              ...opts.deciding.choices.map((a) => ({
                value: a.code,
                text: a.name,
                selected: opts.deciding.value === a.code,
              })),
            ],
      decidingError: model.extraErrors.decidingAgencyCode ?? null,
      submitText: translate(lang, 'intake.submit'),
      backHref: '/desk/intake',
      backText: translate(lang, 'intake.change'),
    });
  }
}
