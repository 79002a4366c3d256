import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageRequest } from '@app/shared';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `limit` (1..100, default 20) and `cursor` of every list route. */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  toPageRequest(): PageRequest {
    return { limit: this.limit ?? 20, cursor: this.cursor };
  }
}
