import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@app/auth';
import { DomainError } from '@app/observability';
import { LANG_COOKIE, LANGS } from './lang';
import { safeReturnTo } from './return-to';

/** The language switch of every page: a cookie shared by the ward's apps, then back where the visitor was. */
@ApiExcludeController()
@Controller()
export class LanguageController {
  @Public()
  @Get('lang/:lang')
  switchLanguage(@Param('lang') lang: string, @Query('returnTo') returnTo: string | undefined, @Res() res: Response) {
    if (!(LANGS as readonly string[]).includes(lang)) throw new DomainError('not_found', `Unknown language ${lang}.`);
    res.cookie(LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000, path: '/' });
    res.redirect(303, safeReturnTo(returnTo));
  }
}
