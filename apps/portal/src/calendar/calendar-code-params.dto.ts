import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CALENDAR_CODE_PATTERN } from './calendar-code';

export class CalendarCodeParamsDto {
  @ApiProperty({ example: 'VN-default' })
  @Matches(CALENDAR_CODE_PATTERN, { message: 'code must be a calendar code like VN-default' })
  code!: string;
}
