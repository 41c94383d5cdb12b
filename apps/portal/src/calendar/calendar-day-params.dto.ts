import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CALENDAR_CODE_PATTERN } from './calendar-code';
import { IsIsoDate } from './iso-date.decorator';

export class CalendarDayParamsDto {
  @ApiProperty({ example: 'VN-default' })
  @Matches(CALENDAR_CODE_PATTERN, { message: 'code must be a calendar code like VN-default' })
  code!: string;

  @ApiProperty({ example: '2027-12-31', description: 'Local date (Asia/Ho_Chi_Minh), YYYY-MM-DD' })
  @IsIsoDate()
  date!: string;
}
