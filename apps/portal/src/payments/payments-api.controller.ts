import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DossierService } from '@app/dossiers';
import { DossierPayments, PaymentService } from '@app/payments';
import { DOSSIER_ID } from '../web/page-kit';

export class CounterPaymentDto {
  @ApiProperty({ enum: ['cash', 'card'] })
  @IsIn(['cash', 'card'])
  method!: 'cash' | 'card';

  @ApiProperty({ description: 'The number of the receipt given at the counter' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  counterReceiptNo!: string;
}

/** A dossier's fees through the API: what is owed and paid (its owner and its staff), a payment at the counter. */
@ApiTags('payments')
@Controller('api/v1/dossiers')
export class PaymentsApiController {
  constructor(
    private readonly payments: PaymentService,
    private readonly dossiers: DossierService,
  ) {}

  @Get(':id/payments')
  @ApiOperation({ summary: 'The dossier’s payment requests, payments, online attempts and refunds' })
  async list(@CurrentPrincipal() principal: Principal, @Param('id', DOSSIER_ID) id: string): Promise<DossierPayments> {
    await this.dossiers.get(principal, id);
    return this.payments.forDossier(id);
  }

  @Post(':id/payments')
  @HttpCode(201)
  @Roles('clerk', 'specialist')
  @ApiOperation({ summary: 'Record a payment made at the counter; the dossier moves on (financial_obligation_met)' })
  async counter(
    @CurrentPrincipal() principal: Principal,
    @Param('id', DOSSIER_ID) id: string,
    @Body() dto: CounterPaymentDto,
  ): Promise<{ paymentId: string }> {
    return { paymentId: await this.payments.recordCounterPayment(principal, id, dto) };
  }
}
