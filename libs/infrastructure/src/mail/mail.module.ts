import { DynamicModule, Global, Module } from '@nestjs/common';
import { EmailLog, EmailOutbox } from '@app/shared';
import { MailOptions } from './mail-options.js';
import { createMailTransport } from './create-mail-transport.js';
import { MailTransport } from './mail-transport.js';
import { OutboxWorker } from './outbox-worker.js';
import { TypeOrmEmailLog } from './typeorm-email-log.js';
import { TypeOrmEmailOutbox } from './typeorm-email-outbox.js';

/**
 * Transactional e-mail: the {@link EmailOutbox} and {@link EmailLog} ports, the transport (SMTP or
 * `.eml` files) and the {@link OutboxWorker}. Global, so any domain module injects `EmailOutbox`
 * without importing infrastructure. Needs the global PersistenceModule (DatabaseContext).
 */
@Global()
@Module({})
export class MailModule {
  static forRoot(options: MailOptions): DynamicModule {
    const providers = [
      { provide: MailOptions, useValue: options },
      { provide: MailTransport, useFactory: createMailTransport, inject: [MailOptions] },
      { provide: EmailOutbox, useClass: TypeOrmEmailOutbox },
      { provide: EmailLog, useClass: TypeOrmEmailLog },
      OutboxWorker,
    ];
    return { module: MailModule, providers, exports: [EmailOutbox, EmailLog, MailTransport, OutboxWorker, MailOptions] };
  }
}
