import { DynamicModule, Global, Module } from '@nestjs/common';
import { TicketSigner } from '@app/tickets';
import { Ed25519TicketSigner, TicketSigningKeys } from './ed25519-ticket-signer.js';

/**
 * Provides the {@link TicketSigner} port (Ed25519) everywhere. `loadKeys` runs when the signer is
 * first needed, not when the module is declared (the OpenAPI export builds the app without keys).
 */
@Global()
@Module({})
export class TicketSigningModule {
  static forRoot(loadKeys: () => TicketSigningKeys): DynamicModule {
    return {
      module: TicketSigningModule,
      providers: [{ provide: TicketSigner, useFactory: () => new Ed25519TicketSigner(loadKeys()) }],
      exports: [TicketSigner],
    };
  }
}
