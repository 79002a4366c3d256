import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
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
    const registry = {
      provide: PaymentGateways,
      useFactory: (): PaymentGateways => {
        const logger = new Logger('Payments');
        const paystack = new PaystackGateway({ logger, ...options.paystack });
        logger.log(
          paystack.configured ? `Paystack enabled (${options.paystack.baseUrl ?? 'default URL'})` : 'Paystack disabled: PAYSTACK_SECRET_KEY is not set',
        );
        return new PaymentGatewayRegistry([paystack, new ManualGateway()], (g) => !(g instanceof PaystackGateway) || g.configured);
      },
    };
    return { module: PaymentsInfrastructureModule, providers: [registry], exports: [PaymentGateways] };
  }
}
