import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EMAIL_STATUSES, EMAIL_TEMPLATES } from '@app/shared';
import type { EmailRecord, EmailStatus, EmailTemplate } from '@app/shared';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { iso } from '../../http/iso.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class ListMessagesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES, enumName: 'EmailStatus' })
  @IsOptional()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;

  @ApiPropertyOptional({ description: 'Recipient address (case-insensitive, exact).', format: 'email', example: 'ada@example.com', maxLength: 254 })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  to?: string;

  @ApiPropertyOptional({ enum: EMAIL_TEMPLATES, enumName: 'EmailTemplate' })
  @IsOptional()
  @IsIn(EMAIL_TEMPLATES)
  template?: EmailTemplate;
}

export class MessageResponseDto {
  @ApiProperty({ format: 'uuid', example: '0193b8c2-7d1e-7c4a-9f1e-2b3c4d5e6f70' })
  id: string;

  @ApiProperty({ format: 'email', example: 'ada@example.com' })
  to: string;

  @ApiProperty({ enum: EMAIL_TEMPLATES, enumName: 'EmailTemplate', example: 'booking-confirmed' })
  template: EmailTemplate;

  @ApiProperty({ example: 'Your tickets for Lagos Jazz Night' })
  subject: string;

  @ApiProperty({
    enum: EMAIL_STATUSES,
    enumName: 'EmailStatus',
    description:
      '`queued`: waiting for its first or next attempt; `sent`: accepted by the mail server; `failed`: given up after the last attempt or a permanent rejection.',
  })
  status: EmailStatus;

  @ApiProperty({ type: 'integer', minimum: 0, example: 1, description: 'Delivery attempts so far.' })
  attempts: number;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'ECONNECTION: connect ECONNREFUSED 127.0.0.1:587',
    description: 'The error of the last failed attempt.',
  })
  lastError: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the next attempt is due; null once sent or failed.' })
  nextAttemptAt: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  sentAt: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-21T10:00:00.000Z' })
  createdAt: string;

  static from(record: EmailRecord): MessageResponseDto {
    return Object.assign(new MessageResponseDto(), {
      id: record.id,
      to: record.to,
      template: record.template,
      subject: record.subject,
      status: record.status,
      attempts: record.attempts,
      lastError: record.lastError,
      nextAttemptAt: iso(record.nextAttemptAt),
      sentAt: iso(record.sentAt),
      createdAt: record.createdAt.toISOString(),
    });
  }
}
