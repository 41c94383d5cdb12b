import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { DELIVERY_LIST_STATUSES, DELIVERY_MODES, DeliveryListStatus, DeliveryMode } from '@app/routing';

/** One step of a route as the API documents it; the service checks every value and names the step's field. */
export class RouteStepDto {
  @ApiProperty({ minimum: 1, maximum: 20, description: 'Steps of one stage run in parallel; stages run in order' })
  stage!: number;

  @ApiProperty({ example: 'thuong-tru', pattern: '^[a-z][a-z0-9-]{1,47}$' })
  stepCode!: string;

  @ApiProperty({ example: 'Đăng ký thường trú cho trẻ' })
  name!: string;

  @ApiProperty({ example: '000.31.22.H56', description: 'Electronic ID of the responsible agency' })
  agencyCode!: string;

  @ApiProperty({ enum: ['working_days', 'working_hours'] })
  budgetUnit!: string;

  @ApiProperty({ minimum: 1, maximum: 365 })
  budgetAmount!: number;
}

export class ReplaceRouteDto {
  @ApiProperty({ type: [RouteStepDto], maxItems: 30 })
  @IsArray()
  @ArrayMaxSize(30)
  @IsObject({ each: true, message: 'each step must be an object' })
  steps!: Array<Record<string, unknown>>;
}

export class UpdateTargetDto {
  @ApiPropertyOptional({ enum: DELIVERY_MODES })
  @IsOptional()
  @IsIn(DELIVERY_MODES)
  mode?: DeliveryMode;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://congan.example.vn/motcua/webhook',
    description: 'Where pushes go (http or https); null clears it',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http or https URL' },
  )
  url?: string | null;

  @ApiPropertyOptional({ minimum: 100, maximum: 120000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(120_000)
  timeoutMs?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RotateSecretDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 720,
    default: 24,
    description: 'Hours the previous secret keeps signing next to the new one (0: stop at once)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(720)
  overlapHours?: number;
}

export class DeliveryListQueryDto {
  @ApiPropertyOptional({ example: '000.31.22.H56', description: 'Code of a delivery target' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  target?: string;

  @ApiPropertyOptional({ enum: DELIVERY_LIST_STATUSES, description: 'failing: pending after at least one failure' })
  @IsOptional()
  @IsIn(DELIVERY_LIST_STATUSES)
  status?: DeliveryListStatus;

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
