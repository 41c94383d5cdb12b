import { Controller, Get, Inject, Optional, Query, Render, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Principal, Public } from '@app/auth';
import { AgencyService } from '@app/agency';
import type { CitizenInbox } from '@app/messages';
import { CITIZEN_INBOX } from '../messages/citizen-inbox.token';
import { DomainError } from '@app/observability';
import { langOf } from '@app/web';
import { Lang, translate } from '../i18n/messages';
import { formatDayTime } from '../dossiers/citizen-format';
import { identityFacts } from '../dossiers/citizen-identity';

function formatTime(epochMs: number, lang: Lang): string {
  return formatDayTime(new Date(epochMs), lang);
}

@ApiExcludeController()
@Controller()
export class PagesController {
  constructor(
    private readonly agencies: AgencyService,
    @Optional() @Inject(CITIZEN_INBOX) private readonly citizenInbox?: CitizenInbox,
  ) {}

  @Public()
  @Get()
  @Render('pages/home')
  home() {
    return {};
  }

  @Get('account')
  @Render('pages/account')
  async account(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Query('done') done: string | undefined,
  ) {
    const auth = req.session.auth;
    if (!auth) throw new DomainError('unauthenticated', 'Sign in to see your account.');
    const lang = langOf(req);
    const agencyUnknown = principal.agency !== null && (await this.agencies.findByCode(principal.agency)) === null;
    return {
      pageTitle: translate(lang, 'account.title'),
      roleLabels: principal.roles.map((r) => translate(lang, `role.${r}`)),
      agencyUnknown,
      signedInAt: formatTime(auth.signedInAt, lang),
      identity: identityFacts(auth.idClaims),
      // A citizen's choices for the messages about their dossiers.
      prefs:
        principal.roles.includes('citizen') && this.citizenInbox
          ? await this.citizenInbox.preferences(principal.subject)
          : null,
      success: done === 'preferences' ? translate(lang, 'msg.prefs.saved') : null,
    };
  }
}
