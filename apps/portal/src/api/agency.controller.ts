import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AgencyScoped, Public, Roles, StaffMember, UserProfileService } from '@app/auth';
import { AgencyService, AgencyView } from '@app/agency';
import { DomainError } from '@app/observability';
import { CreateAgencyDto } from './create-agency.dto';

@ApiTags('agencies')
@Controller('api/v1/agencies')
export class AgencyController {
  constructor(
    private readonly agencies: AgencyService,
    private readonly profiles: UserProfileService,
  ) {}

  /** The public directory of agencies (names and electronic IDs are public information). */
  @Public()
  @Get()
  list(): Promise<AgencyView[]> {
    return this.agencies.listActive();
  }

  @Public()
  @Get(':code')
  async one(@Param('code') code: string): Promise<AgencyView> {
    const agency = (await this.agencies.listActive()).find((a) => a.code === code);
    if (!agency) throw new DomainError('not_found', `No agency with electronic ID ${code}.`);
    return agency;
  }

  /** Staff of an agency, visible to that agency's own staff only. */
  @ApiBearerAuth()
  @Roles('clerk', 'specialist', 'leader', 'agency_officer', 'admin')
  @AgencyScoped('code')
  @Get(':code/staff')
  staff(@Param('code') code: string): Promise<StaffMember[]> {
    return this.profiles.listStaffOfAgency(code);
  }

  @ApiBearerAuth()
  @Roles('admin')
  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateAgencyDto): Promise<AgencyView> {
    return this.agencies.create(dto);
  }
}
