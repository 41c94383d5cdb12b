import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AGENCY_KINDS, AGENCY_LEVELS, AgencyKind, AgencyLevel } from '@app/agency';

export const AGENCY_CODE_PATTERN = /^[A-Z0-9]{2,4}(\.[A-Z0-9]{2,4}){2,5}$/;

export class CreateAgencyDto {
  @ApiProperty({ example: '000.18.22.H56', description: 'Electronic ID (mã định danh điện tử)' })
  @IsString()
  @Matches(AGENCY_CODE_PATTERN, {
    message: 'code must look like 000.17.22.H56 (groups of 2–4 capital letters or digits)',
  })
  code!: string;

  @ApiProperty({ example: 'Ủy ban nhân dân phường Kim Long' })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ example: 'UBND phường Kim Long' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  shortName?: string;

  @ApiProperty({ enum: AGENCY_LEVELS })
  @IsIn(AGENCY_LEVELS)
  level!: AgencyLevel;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind!: AgencyKind;

  @ApiPropertyOptional({ example: '000.00.17.H56', description: 'Electronic ID of the parent agency' })
  @IsOptional()
  @Matches(AGENCY_CODE_PATTERN, { message: 'parentCode must be an electronic ID like 000.00.17.H56' })
  parentCode?: string;
}
