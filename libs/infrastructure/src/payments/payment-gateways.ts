import { PAYMENT_PROVIDERS, PaymentGateway, PaymentGateways, PaymentProvider } from '@app/payments';

/**
 * The registry adapter of the PaymentGateways port: one gateway per provider, built once at start
 * (so each keeps its circuit breaker for the life of the process).
 */
export class PaymentGatewayRegistry extends PaymentGateways {
  private readonly byProvider = new Map<PaymentProvider, PaymentGateway>();

  /**
   * @param gateways one per provider (a provider given twice is an error).
   * @param isEnabled whether a gateway can take payments (e.g. Paystack has a secret key).
   */
  constructor(
    gateways: PaymentGateway[],
    private readonly isEnabled: (gateway: PaymentGateway) => boolean = () => true,
  ) {
    super();
    for (const gateway of gateways) {
      if (this.byProvider.has(gateway.provider)) throw new Error(`Two gateways for ${gateway.provider}`);
      this.byProvider.set(gateway.provider, gateway);
    }
  }

  /** @throws Error for a provider without a gateway (not a PaymentProvider, or not registered). */
  get(provider: PaymentProvider): PaymentGateway {
    const gateway = this.byProvider.get(provider);
    if (!gateway) throw new Error(`No payment gateway for provider "${String(provider)}"`);
    return gateway;
  }

  enabledProviders(): readonly PaymentProvider[] {
    return PAYMENT_PROVIDERS.filter((p) => {
      const gateway = this.byProvider.get(p);
      return gateway !== undefined && this.isEnabled(gateway);
    });
  }
}
