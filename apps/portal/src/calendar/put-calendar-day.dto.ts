import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CALENDAR_DAY_KINDS, CalendarDayKind } from '@app/calendar';

export class PutCalendarDayDto {
  @ApiProperty({ enum: CALENDAR_DAY_KINDS, description: 'holiday (a day off) or working_day (a weekend day worked)' })
  @IsIn(CALENDAR_DAY_KINDS)
  kind!: CalendarDayKind;

  @ApiProperty({ example: 'Nghỉ bù Quốc khánh' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'Thông báo của Bộ Nội vụ về lịch nghỉ lễ năm 2027',
    description: 'Why (kept in the history)',
  })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    example: 'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ',
    description: 'The notice the day comes from, cited by number and date (shown on the calendar)',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  basis?: string;
}
