import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PortalConfig } from '@app/config';
import { DossierService } from '@app/dossiers';
import { PaymentService, VnpayGateway } from '@app/payments';
import { AgencyCasesModule } from '../lien-thong/agency-cases.module';
import { DeskPaymentsController } from './desk-payments.controller';
import { PaymentIpnController } from './payment-ipn.controller';
import { PaymentsApiController } from './payments-api.controller';
import { PaymentPagesController } from './payment-pages.controller';
import { PaymentReceiptService } from './payment-receipt.service';
import { PaymentsAdminPagesController } from './payments-admin-pages.controller';

const configured = new WeakMap<PortalConfig, DynamicModule>();

/**
 * Fees and payments in the portal: the public payment pages, VNPay's IPN, the receipts, the operators'
 * reconciliation. Online payment needs VNPAY_* in the environment; without it fees are paid at the counter. The
 * dossier pages import it (the desk records counter payments and refunds); configured once.
 */
@Module({})
export class PaymentsWebModule {
  static forRoot(config: PortalConfig): DynamicModule {
    const existing = configured.get(config);
    if (existing) return existing;
    const gatewayConfig = config.payments;
    const module: DynamicModule = {
      module: PaymentsWebModule,
      imports: [AgencyCasesModule.forRoot(config)],
      providers: [
        {
          provide: PaymentService,
          inject: [getDataSourceToken(), DossierService],
          useFactory: (dataSource: DataSource, dossiers: DossierService) =>
            new PaymentService(
              dataSource,
              dossiers,
              gatewayConfig
                ? new VnpayGateway({
                    ...gatewayConfig,
                    returnUrl: new URL('/pay/vnpay-return', config.publicUrl).toString(),
                  })
                : null,
            ),
        },
        PaymentReceiptService,
      ],
      controllers: [
        PaymentPagesController,
        PaymentIpnController,
        PaymentsAdminPagesController,
        DeskPaymentsController,
        PaymentsApiController,
      ],
      exports: [PaymentService, PaymentReceiptService],
    };
    configured.set(config, module);
    return module;
  }
}
