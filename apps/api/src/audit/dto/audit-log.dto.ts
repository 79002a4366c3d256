import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuditRecord } from '@app/shared';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DATE_TIME_INPUT, IsDateTime } from '../../http/date-time.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

export class ListAuditLogsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'auth.login_failed' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `Inclusive lower bound. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: `Exclusive upper bound. ${DATE_TIME_INPUT}` })
  @IsOptional()
  @IsDateTime()
  to?: Date;
}

export class AuditLogResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ example: 'user.updated' })
  action: string;

  @ApiProperty({ nullable: true, type: String, example: 'user' })
  entityType: string | null;

  @ApiProperty({ nullable: true, type: String })
  entityId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { changes: { disabled: { from: false, to: true } } } })
  details: Record<string, unknown>;

  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  ip: string | null;

  @ApiProperty({ nullable: true, type: String })
  userAgent: string | null;

  @ApiProperty({ nullable: true, type: String })
  requestId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(record: AuditRecord): AuditLogResponseDto {
    return Object.assign(new AuditLogResponseDto(), {
      id: record.id,
      actorId: record.actorId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      details: record.details,
      ip: record.ip,
      userAgent: record.userAgent,
      requestId: record.requestId,
      createdAt: record.createdAt.toISOString(),
    });
  }
}
