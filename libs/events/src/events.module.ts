import { Module } from '@nestjs/common';
import { EventsService } from './events.service.js';

/** Events and ticket types. Needs EventRepository, TicketTypeRepository, FileStorage, TransactionRunner and AuditLog. */
@Module({ providers: [EventsService], exports: [EventsService] })
export class EventsModule {}
