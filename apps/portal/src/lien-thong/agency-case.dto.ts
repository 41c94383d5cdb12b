import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** How many documents one result may carry. */
export const MAX_RESULT_DOCUMENTS = 10;
export const CASE_LIST_FILTERS = ['new', 'open', 'closed', 'all'] as const;
export type CaseListFilter = (typeof CASE_LIST_FILTERS)[number];

export class CaseListQueryDto {
  @ApiPropertyOptional({
    enum: CASE_LIST_FILTERS,
    description: 'new: not yet acknowledged; open (default): every case still to answer; closed: answered or cancelled',
  })
  @IsOptional()
  @IsIn(CASE_LIST_FILTERS)
  status?: CaseListFilter;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReportStatusDto {
  @ApiProperty({
    example: '3',
    description: 'A sub-status code of your agency (GET /api/v1/agency-cases/sub-statuses)',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,32}$/, { message: 'subStatus must be a sub-status code of 1–32 letters or digits' })
  subStatus!: string;

  @ApiPropertyOptional({ example: 'Đã xác minh nơi cư trú, chờ ký' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ResultDocumentDto {
  @ApiProperty({ example: 'xac-nhan-thuong-tru.pdf' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  fileName!: string;

  @ApiProperty({ description: 'The file, base64-encoded (PDF, JPEG or PNG; recognised by content)' })
  @IsString()
  @MinLength(4)
  @IsBase64()
  contentBase64!: string;
}

export class RecordResultDto {
  @ApiProperty({ example: 'Đã đăng ký thường trú cho trẻ tại địa chỉ của cha mẹ.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'summary must not be blank' })
  summary!: string;

  @ApiProperty({ type: [ResultDocumentDto], maxItems: MAX_RESULT_DOCUMENTS })
  @IsArray()
  @ArrayMaxSize(MAX_RESULT_DOCUMENTS)
  @ValidateNested({ each: true })
  @Type(() => ResultDocumentDto)
  documents!: ResultDocumentDto[];
}

export class ReturnCaseDto {
  @ApiProperty({ example: 'Địa chỉ thường trú không khớp với dữ liệu dân cư; đề nghị xác minh lại.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}
