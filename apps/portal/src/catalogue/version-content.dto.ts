import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  APPLICANT_TYPES,
  ApplicantType,
  Channel,
  FeeItem,
  FormSchema,
  GroupComponent,
  LegalDocument,
  ONLINE_LEVELS,
  OnlineLevel,
  ProcedureStep,
  RequiredDocument,
  SUPPLEMENT_POLICIES,
  SupplementPolicy,
  TimeLimit,
  VersionContent,
} from '@app/procedures';

/**
 * Legal components of a draft version; every property is optional (a new draft copies the latest version, a patch
 * changes what it names). Shapes inside are checked by the procedure rules, which name the field
 * (e.g. `formSchema.fields[2].key`).
 */
export class VersionContentDto implements Partial<VersionContent> {
  @ApiPropertyOptional({ example: 'UBND cấp xã' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  implementingAgency?: string;

  @ApiPropertyOptional({ example: { unit: 'working_days', amount: 3, extendedAmount: 5, note: '…' } })
  @IsOptional()
  @IsObject()
  timeLimit?: TimeLimit;

  @ApiPropertyOptional({ example: [1, 2, 3], description: '1 in person, 2 online, 3 postal' })
  @IsOptional()
  @IsArray()
  channels?: Channel[];

  @ApiPropertyOptional({ enum: ONLINE_LEVELS })
  @IsOptional()
  @IsIn(ONLINE_LEVELS)
  onlineLevel?: OnlineLevel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  interAgency?: boolean;

  @ApiPropertyOptional({ enum: SUPPLEMENT_POLICIES })
  @IsOptional()
  @IsIn(SUPPLEMENT_POLICIES)
  supplementPolicy?: SupplementPolicy;

  @ApiPropertyOptional({ example: ['individual'], enum: APPLICANT_TYPES, isArray: true })
  @IsOptional()
  @IsArray()
  applicantTypes?: ApplicantType[];

  @ApiPropertyOptional({ example: [{ title: 'Nộp hồ sơ' }] })
  @IsOptional()
  @IsArray()
  steps?: ProcedureStep[];

  @ApiPropertyOptional({ example: [{ name: 'Tờ khai theo mẫu', originals: 1, copies: 0, required: true }] })
  @IsOptional()
  @IsArray()
  requiredDocuments?: RequiredDocument[];

  @ApiPropertyOptional({ example: [{ name: 'Lệ phí', rule: { kind: 'fixed', amount: 20000 } }] })
  @IsOptional()
  @IsArray()
  fees?: FeeItem[];

  @ApiPropertyOptional({ example: [{ title: 'Luật Hộ tịch', number: '60/2014/QH13', issuedOn: '2014-11-20' }] })
  @IsOptional()
  @IsArray()
  legalBasis?: LegalDocument[];

  @ApiPropertyOptional({ example: ['Giấy khai sinh'] })
  @IsOptional()
  @IsArray()
  result?: string[];

  @ApiPropertyOptional({ example: [] })
  @IsOptional()
  @IsArray()
  conditions?: string[];

  @ApiPropertyOptional({ example: [], description: 'Component procedures of an inter-agency group' })
  @IsOptional()
  @IsArray()
  components?: GroupComponent[];

  @ApiPropertyOptional({
    example: {
      fields: [{ key: 'fullName', label: { vi: 'Họ và tên', en: 'Full name' }, type: 'text', required: true }],
    },
  })
  @IsOptional()
  @IsObject()
  formSchema?: FormSchema;
}
