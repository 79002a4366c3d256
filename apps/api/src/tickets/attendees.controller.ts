import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Role } from '@app/shared';
import { ATTENDEE_CSV_COLUMNS, TicketsService } from '@app/tickets';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Authorized } from '../http/authorization.js';
import { ApiPageResponse, ApiProblems } from '../http/openapi.decorators.js';
import { UuidParamPipe } from '../http/uuid-param.pipe.js';
import { EventAttendeeResponseDto, ListAttendeesQueryDto } from './dto/event-attendee.dto.js';

@ApiTags('events')
@Controller('events/:id/attendees')
export class AttendeesController {
  private readonly logger = new Logger(AttendeesController.name);

  constructor(private readonly tickets: TicketsService) {}

  /**
   * JSON: one page `{data, nextCursor}`. CSV (`Accept: text/csv` or `?format=csv`): every matching
   * attendee streamed as RFC 4180 CSV with a header row (`ATTENDEE_CSV_COLUMNS`), piped from the
   * database with backpressure, so an export of any size holds a few chunks in memory. Cells
   * starting with `=`, `+`, `-`, `@`, tab or CR are prefixed with `'` so a spreadsheet does not run
   * them as formulas (OWASP "CSV injection"). A client that goes away ends the read.
   */
  @Get()
  @Authorized(Role.Admin, Role.Viewer)
  @ApiOperation({
    summary: 'Attendees of an event',
    description:
      'Tickets with holder, type and buyer, oldest ticket first; by default the current tickets (`valid`, `checked_in`). ' +
      'JSON is paged; `Accept: text/csv` or `?format=csv` streams every matching attendee as CSV (header row, UTF-8, ' +
      "formula-looking cells prefixed with `'`).",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiPageResponse(EventAttendeeResponseDto, 'One page (JSON), or every matching attendee (CSV).', {
    'text/csv': { schema: { type: 'string', example: `${ATTENDEE_CSV_COLUMNS.map((c) => c.header).join(',')}\r\n` } },
  })
  @ApiProblems(400, { 404: '`event_not_found`' })
  async list(@Param('id', UuidParamPipe) id: string, @Query() query: ListAttendeesQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const format = query.format ?? (req.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
    if (format === 'json') {
      const page = await this.tickets.attendees(id, query.toFilter(), query.toPageRequest());
      res
        .status(200)
        .set('Vary', 'Accept')
        .json({ data: page.data.map(EventAttendeeResponseDto.from), nextCursor: page.nextCursor });
      return;
    }
    const csv = await this.tickets.exportAttendeesCsv(id, query.toFilter());
    res.status(200).set({
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attendees-${id}.csv"`,
      'Cache-Control': 'private, no-store',
      Vary: 'Accept',
    });
    try {
      await pipeline(csv, res);
    } catch (err) {
      // The status line is gone: the client sees a cut-off download, never a complete-looking one.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
        this.logger.error({ err, eventId: id }, 'EventAttendee export failed mid-stream');
      res.destroy();
    }
  }
}
