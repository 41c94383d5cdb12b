import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';

export class PublishVersionDto {
  @ApiProperty({ example: '2026-01-01', description: 'First day the version is in force (Asia/Ho_Chi_Minh)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'effectiveFrom must be a real date' })
  effectiveFrom!: string;
}
