import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { IpnAnswer, PaymentService } from '@app/payments';

/**
 * VNPay's IPN (Instant Payment Notification): the server-to-server GET that alone marks a payment paid. No session or
 * token — the checksum over the parameters is the authentication — and always HTTP 200 with VNPay's RspCode, as its
 * documentation asks; VNPay calls again until it gets 00 or 02.
 */
@ApiTags('payments')
@Controller('api/v1/payments/vnpay')
export class PaymentIpnController {
  private readonly logger = new Logger(PaymentIpnController.name);

  constructor(private readonly payments: PaymentService) {}

  @Public()
  @Get('ipn')
  @ApiExcludeEndpoint()
  async ipn(@Query() query: Record<string, unknown>): Promise<IpnAnswer> {
    try {
      return await this.payments.handleIpn(query);
    } catch (err) {
      this.logger.error({ err, txnRef: query['vnp_TxnRef'] }, 'VNPay IPN could not be recorded');
      return { RspCode: '99', Message: 'Unknown error' };
    }
  }
}
