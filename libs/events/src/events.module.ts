import { Module } from '@nestjs/common';
import { EventsService } from './events.service.js';
import { StatsService } from './stats.service.js';

/** Events, ticket types and dashboard stats. Needs EventRepository, TicketTypeRepository, StatsRepository, FileStorage, TransactionRunner and AuditLog. */
@Module({ providers: [EventsService, StatsService], exports: [EventsService, StatsService] })
export class EventsModule {}
