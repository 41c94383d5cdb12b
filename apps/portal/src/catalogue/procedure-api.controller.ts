import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Public, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import {
  parseIsoDate,
  ProcedureService,
  ProcedureSummary,
  ProcedureVersionView,
  todayInVietnam,
  VersionListItem,
} from '@app/procedures';
import { CreateProcedureDto } from './create-procedure.dto';
import { PublishVersionDto } from './publish-version.dto';
import { VersionContentDto } from './version-content.dto';

function atDate(at: string | undefined): string {
  if (at === undefined || at === '') return todayInVietnam();
  if (parseIsoDate(at) === null) {
    throw new DomainError('validation_failed', 'at: must be a date YYYY-MM-DD', {
      errors: [{ field: 'at', messages: ['must be a date YYYY-MM-DD'] }],
    });
  }
  return at;
}

@ApiTags('procedures')
@Controller('api/v1/procedures')
export class ProcedureApiController {
  constructor(private readonly procedures: ProcedureService) {}

  /** The public catalogue: procedures in force today, optionally of one field or matching a search. */
  @Public()
  @Get()
  @ApiQuery({ name: 'field', required: false, example: 'Hộ tịch' })
  @ApiQuery({ name: 'q', required: false, description: 'Search in names and codes' })
  list(@Query('field') field?: string, @Query('q') q?: string): Promise<ProcedureSummary[]> {
    return this.procedures.listEffective({ field: field || undefined, q: q || undefined });
  }

  /** The version of a procedure in force on a date (default today): every legal component. */
  @Public()
  @Get(':code')
  @ApiQuery({ name: 'at', required: false, example: '2025-06-01' })
  async one(@Param('code') code: string, @Query('at') at?: string): Promise<ProcedureVersionView> {
    const date = atDate(at);
    const found = await this.procedures.findEffective(code, date);
    if (!found) throw new DomainError('not_found', `No version of procedure ${code} is in force on ${date}.`);
    return found;
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateProcedureDto): Promise<{ code: string; name: string; field: string }> {
    return this.procedures.createProcedure(dto);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Get(':code/versions')
  versions(@Param('code') code: string): Promise<VersionListItem[]> {
    return this.procedures.listVersions(code);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Get(':code/versions/:version')
  version(@Param('code') code: string, @Param('version', ParseIntPipe) version: number): Promise<ProcedureVersionView> {
    return this.procedures.getVersion(code, version);
  }

  /** A new draft: a copy of the latest version with the body laid over it (the body alone for a first version). */
  @ApiBearerAuth()
  @Roles('admin')
  @Post(':code/versions')
  @HttpCode(201)
  createDraft(
    @Param('code') code: string,
    @Body() dto: VersionContentDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProcedureVersionView> {
    return this.procedures.createDraft(code, dto, principal.username);
  }

  /** Changes a draft; 409 for a published version. */
  @ApiBearerAuth()
  @Roles('admin')
  @Patch(':code/versions/:version')
  update(
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() dto: VersionContentDto,
  ): Promise<ProcedureVersionView> {
    return this.procedures.updateDraft(code, version, dto);
  }

  /** Publishes a draft from a date, closing the previous version's range the day before. */
  @ApiBearerAuth()
  @Roles('admin')
  @Post(':code/versions/:version/publish')
  @HttpCode(200)
  publish(
    @Param('code') code: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() dto: PublishVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProcedureVersionView> {
    return this.procedures.publish(code, version, dto.effectiveFrom, principal.username);
  }
}
