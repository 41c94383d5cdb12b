import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RemoveCalendarDayDto {
  @ApiProperty({ example: 'Thông báo điều chỉnh lịch nghỉ', description: 'Why (kept in the history)' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}
