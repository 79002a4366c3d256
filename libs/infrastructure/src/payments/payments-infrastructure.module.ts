import { DynamicModule, Global, Module } from '@nestjs/common';
import { PaymentGateways } from '@app/payments';
import { ManualGateway } from './manual.gateway.js';
import { PaymentGatewayRegistry } from './payment-gateways.js';
import { PaystackGateway, PaystackGatewayOptions } from './paystack.gateway.js';

/** Plain options of the payment adapters, read from configuration by the composition root. */
export interface PaymentsInfrastructureOptions {
  paystack: PaystackGatewayOptions;
}

/**
 * The payment gateways (Paystack, manual) behind the PaymentGateways port. Global, so the
 * payments domain module injects `PaymentGateways` without importing infrastructure.
 */
@Global()
@Module({})
export class PaymentsInfrastructureModule {
  static forRoot(options: PaymentsInfrastructureOptions): DynamicModule {
    const paystack = new PaystackGateway(options.paystack);
    const registry = new PaymentGatewayRegistry([paystack, new ManualGateway()], (g) => !(g instanceof PaystackGateway) || g.configured);
    return {
      module: PaymentsInfrastructureModule,
      providers: [{ provide: PaymentGateways, useValue: registry }],
      exports: [PaymentGateways],
    };
  }
}
