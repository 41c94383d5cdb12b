import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR } from '@app/calendar';
import { CALENDAR_CODE_PATTERN } from './calendar-code';

export class CalendarYearParamsDto {
  @ApiProperty({ example: 'VN-default' })
  @Matches(CALENDAR_CODE_PATTERN, { message: 'code must be a calendar code like VN-default' })
  code!: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(MIN_CALENDAR_YEAR)
  @Max(MAX_CALENDAR_YEAR)
  year!: number;
}
