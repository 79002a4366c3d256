import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EmailLog, Role } from '@app/shared';
import { Authorized } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { ListMessagesQueryDto, MessageResponseDto } from './dto/message.dto.js';

@ApiTags('messages')
@Controller('messages')
export class MessagesController {
  constructor(private readonly log: EmailLog) {}

  @Get()
  @Authorized(Role.Admin)
  @ApiOperation({
    summary: 'Outgoing e-mail',
    description:
      'The transactional e-mail log: recipient, template, subject, status (`queued`, `sent`, `failed`), attempts and last error. Filters `status`, `to`, `template`. Newest first.',
  })
  @ApiPageResponse(MessageResponseDto)
  @ApiProblems(400)
  async list(@Query() query: ListMessagesQueryDto) {
    const page = await this.log.list({ status: query.status, to: query.to, template: query.template }, query.toPageRequest());
    return { data: page.data.map(MessageResponseDto.from), nextCursor: page.nextCursor };
  }
}
