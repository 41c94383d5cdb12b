export * from './vnpay';
export * from './payment.types';
export * from './payment.service';
export * from './amount-words';
export * from './payment-reconciler';
