import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DossierService } from '@app/dossiers';
import { DomainError } from '@app/observability';
import { PaymentService } from '@app/payments';
import { DOSSIER_ID, isDomainError } from '../web/page-kit';
import { PaymentReceiptService } from './payment-receipt.service';

const PAYMENT_ID = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

/**
 * The desk's side of fees: a payment taken at the counter (cash or card, with the number of the receipt given), a
 * refund paid back, and the electronic receipt of any payment of a dossier the officer may see. The forms come back
 * to the dossier's page, saying what was recorded or which field was wrong.
 */
@ApiExcludeController()
@Roles('clerk', 'specialist', 'leader', 'admin')
@Controller('desk/dossiers')
export class DeskPaymentsController {
  constructor(
    private readonly payments: PaymentService,
    private readonly receipts: PaymentReceiptService,
    private readonly dossiers: DossierService,
  ) {}

  @Post(':id/payments')
  async counter(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.payments.recordCounterPayment(principal, id, {
        method: body.method,
        counterReceiptNo: body.counterReceiptNo,
      });
    } catch (err) {
      if (!isDomainError(err)) throw err;
      if (err.code === 'validation_failed') {
        const field = err.details.errors?.[0]?.field === 'method' ? 'method' : 'counterReceipt';
        // The method chosen comes back with the error, so a card payment is not re-submitted as cash.
        const method = body.method === 'card' || body.method === 'cash' ? `&method=${body.method}` : '';
        return res.redirect(303, `/desk/dossiers/${id}?payError=${field}${method}#payments`);
      }
      if (err.code === 'action_not_available' || err.code === 'forbidden') {
        return res.redirect(303, `/desk/dossiers/${id}?payError=paidAlready#payments`);
      }
      throw err;
    }
    res.redirect(303, `/desk/dossiers/${id}?done=pay_counter#payments`);
  }

  @Post(':id/refunds/:refundId')
  async refund(
    @Param('id', DOSSIER_ID) id: string,
    @Param('refundId', PAYMENT_ID) refundId: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    try {
      await this.payments.recordRefund(principal, id, refundId, body.refundReceiptNo);
    } catch (err) {
      if (isDomainError(err, 'validation_failed')) {
        return res.redirect(303, `/desk/dossiers/${id}?payError=refundReceipt#payments`);
      }
      throw err;
    }
    res.redirect(303, `/desk/dossiers/${id}?done=pay_refund#payments`);
  }

  @Get(':id/payments/:paymentId/receipt')
  async receipt(
    @Param('id', DOSSIER_ID) id: string,
    @Param('paymentId', PAYMENT_ID) paymentId: string,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    // Only for a dossier the officer may see (404 otherwise, as everywhere).
    await this.dossiers.get(principal, id);
    const dossier = await this.payments.dossier(id);
    if (!dossier) throw new DomainError('not_found', 'No such dossier.');
    const { pdf, fileName } = await this.receipts.render(dossier, paymentId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(pdf);
  }
}
