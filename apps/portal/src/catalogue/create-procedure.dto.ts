import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PROCEDURE_CODE_PATTERN } from '@app/procedures';

export class CreateProcedureDto {
  @ApiProperty({ example: '1.001193', description: 'National procedure code (mã thủ tục)' })
  @IsString()
  @Matches(PROCEDURE_CODE_PATTERN, { message: 'code must be a procedure code like 1.001193' })
  code!: string;

  @ApiProperty({ example: 'Đăng ký khai sinh' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  name!: string;

  @ApiProperty({ example: 'Hộ tịch', description: 'Field (lĩnh vực)' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  field!: string;
}
