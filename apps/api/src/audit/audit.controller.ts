import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLog, Role } from '@app/shared';
import { Authorized } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { AuditLogResponseDto, ListAuditLogsQueryDto } from './dto/audit-log.dto.js';

@ApiTags('audit')
@Controller('audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @Authorized(Role.Admin)
  @ApiOperation({ summary: 'The audit trail', description: 'Staff changes and security events (login failures, refresh-token reuse). Newest first.' })
  @ApiPageResponse(AuditLogResponseDto)
  @ApiProblems(400)
  async list(@Query() query: ListAuditLogsQueryDto) {
    const { actorId, action, entityType, entityId, from, to } = query;
    const page = await this.audit.list({ actorId, action, entityType, entityId, from, to }, query.toPageRequest());
    return { data: page.data.map(AuditLogResponseDto.from), nextCursor: page.nextCursor };
  }
}
