import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DOSSIER_STATUSES, DossierStatus } from '@app/dossiers';

export class ApplicantDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  fullName!: string;

  @ApiPropertyOptional({ example: '046090001234', description: 'Số định danh cá nhân / CCCD (12 digits)' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'idNumber must be the 12 digits of a citizen identity number' })
  idNumber?: string;

  @ApiPropertyOptional({ example: '0905123456' })
  @IsOptional()
  @Matches(/^(0|\+84)\d{9,10}$/, { message: 'phone must be a Vietnamese phone number' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '12 Lê Ngô Cát, phường Thủy Biều, thành phố Huế' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class OpenDossierDto {
  @ApiProperty({ example: '1.001193', description: 'National code of the procedure' })
  @IsString()
  @MaxLength(32)
  procedureCode!: string;

  @ApiProperty({ example: '000.17.22.H56', description: 'Electronic ID of the receiving agency' })
  @IsString()
  @MaxLength(32)
  agencyCode!: string;

  @ApiPropertyOptional({
    example: '000.20.22.H56',
    description:
      'At the desk: another agency of the province that decides the procedure (reception regardless of boundary, ' +
      'NĐ 118/2025 Điều 14 khoản 2); omitted when the receiving agency decides',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  decidingAgencyCode?: string;

  @ApiProperty({ enum: [1, 2, 3], description: '1 in person, 2 online, 3 postal' })
  @IsIn([1, 2, 3])
  channel!: 1 | 2 | 3;

  @ApiProperty({ type: ApplicantDto })
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant!: ApplicantDto;

  @ApiPropertyOptional({ description: 'Answers to the procedure’s e-form, checked in full at submission' })
  @IsOptional()
  @IsObject()
  formData?: Record<string, unknown>;
}

export class UpdateDraftDto {
  @ApiPropertyOptional({ type: ApplicantDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ApplicantDto)
  applicant?: ApplicantDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsObject()
  formData?: Record<string, unknown>;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ActionDocumentDto {
  @ApiProperty({ example: 'doc-1', description: 'The document’s key in the procedure version (its code, else doc-N)' })
  @Matches(/^[a-z0-9.:-]{1,64}$/i, { message: 'key must be a document key such as doc-1' })
  key!: string;

  @ApiPropertyOptional({ enum: ['original', 'copy', 'photocopy'], description: 'Bản chính, bản sao or bản chụp' })
  @IsOptional()
  @IsIn(['original', 'copy', 'photocopy'])
  kind?: 'original' | 'copy' | 'photocopy';

  @ApiPropertyOptional({ example: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  count?: number;
}

export class FeeLineDto {
  @ApiProperty({ example: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 5000, description: 'Whole đồng' })
  @IsInt()
  @Min(0)
  amount!: number;
}

export class DossierActionDto {
  @ApiPropertyOptional({
    type: [ActionDocumentDto],
    description:
      'receive: the papers handed in, as the receipt (Mẫu 01) lists them; request_supplement: the documents to hand in (Mẫu 02)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ActionDocumentDto)
  documents?: ActionDocumentDto[];

  @ApiPropertyOptional({ description: 'Required to refuse, request a supplement, withdraw, send back or stop' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'The row version you saw; a stale one is refused with 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;

  @ApiPropertyOptional({ description: 'assign: Keycloak subject of the specialist' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  assignee?: string;

  @ApiPropertyOptional({ enum: [1, 2, 3], description: 'return_result: channel the result was handed back through' })
  @IsOptional()
  @IsIn([1, 2, 3])
  returnChannel?: 1 | 2 | 3;

  @ApiPropertyOptional({
    type: [FeeLineDto],
    description:
      'request_financial_obligation (required there): the fees the applicant is to pay, in whole đồng; they become the payment request',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => FeeLineDto)
  items?: FeeLineDto[];
}

export class QueueQueryDto {
  @ApiProperty({ enum: DOSSIER_STATUSES })
  @IsIn(DOSSIER_STATUSES)
  status!: DossierStatus;
}

export class UploadDto {
  @ApiProperty({ enum: ['application', 'supplement', 'result'] })
  @IsIn(['application', 'supplement', 'result'])
  purpose!: 'application' | 'supplement' | 'result';

  @ApiPropertyOptional({ description: 'Which required document the files are (its key in the procedure version)' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'documentCode must be a document key such as doc-1' })
  documentCode?: string;
}

export class LookupQueryDto {
  @ApiProperty({ example: '000.17.22.H56-261125-0001' })
  @IsString()
  @MaxLength(48)
  code!: string;

  @ApiProperty({ description: 'The lookup key printed on the receipt' })
  @IsString()
  @MaxLength(16)
  key!: string;
}
