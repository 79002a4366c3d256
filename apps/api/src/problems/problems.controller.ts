import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@app/shared';
import { Public } from '../http/authorization.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { isProblemCode, PROBLEM_CODES } from '../http/problem-codes.js';
import { statusTitle } from '../http/problem-details.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** `code` spans in summaries, as the document writes them. */
const withCode = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/**
 * The pages that problem `type` URLs point to (`/api/v1/problems/sold_out`): one small HTML page
 * per code of {@link PROBLEM_CODES}, so a `type` resolves to what it means (RFC 9457 section 3.1.1).
 */
@ApiTags('problems')
@Controller('problems')
export class ProblemsController {
  @Get(':code')
  @Public()
  @ApiOperation({
    operationId: 'getProblemType',
    summary: 'What a problem code means',
    description: 'The page a problem `type` URL points to: the code, its HTTP status and its meaning.',
  })
  @ApiParam({ name: 'code', enum: Object.keys(PROBLEM_CODES), description: 'A problem `code`.' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A small HTML page.', content: { 'text/html': { schema: { type: 'string' } } } })
  @ApiProblems({ 404: '`not_found`: no such problem code' })
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  page(@Param('code') code: string): string {
    if (!isProblemCode(code)) throw new DomainError('not_found', 'not_found', 'No such problem code.');
    const info = PROBLEM_CODES[code];
    const title = `${code}: ${info.status} ${statusTitle(info.status)}`;
    const extra =
      'extra' in info
        ? Object.keys(info.extra)
            .map((name) => `<code>${escapeHtml(name)}</code>`)
            .join(', ')
        : '';
    return (
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>` +
      `<h1><code>${escapeHtml(code)}</code></h1><p>HTTP ${info.status} ${escapeHtml(statusTitle(info.status))}</p><p>${withCode(info.summary)}</p>` +
      (extra ? `<p>Extension members: ${extra}.</p>` : '') +
      '<p>Sent as RFC 9457 <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, <code>code</code>, <code>instance</code> and <code>requestId</code>.</p>' +
      '</body></html>\n'
    );
  }
}
