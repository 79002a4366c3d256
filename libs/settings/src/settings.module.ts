import { Global, Module } from '@nestjs/common';
import { SettingsService } from './settings.service.js';

/**
 * The organisation's settings. Global: payments and mail read them (manual-payment instructions,
 * the organisation's name). Needs SettingsRepository, TransactionRunner and AuditLog.
 */
@Global()
@Module({ providers: [SettingsService], exports: [SettingsService] })
export class SettingsModule {}
