import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, Max, Min, ValidateBy } from 'class-validator';
import { DEADLINE_UNITS, DeadlineUnit, parseInstant } from '@app/calendar';

export class DueQueryDto {
  @ApiProperty({
    example: '2025-07-07T09:00:00+07:00',
    description: 'Reception instant: ISO 8601 with an offset, or a local Asia/Ho_Chi_Minh time without one',
  })
  @ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && parseInstant(v) !== null,
      defaultMessage: () => 'receivedAt must be a date and time like 2025-07-07T09:00:00+07:00',
    },
  })
  receivedAt!: string;

  @ApiProperty({ enum: DEADLINE_UNITS })
  @IsIn(DEADLINE_UNITS)
  unit!: DeadlineUnit;

  @ApiProperty({ example: 3, description: 'Working days (whole number, 0 = same day) or working hours' })
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0)
  @Max(1000)
  amount!: number;
}
