import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { DEFAULT_FEED_LIMIT, MAX_BATCH_SCANS, MAX_FEED_LIMIT, SCAN_RESULTS, ScanDirection, ScanResult } from '@app/tickets';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DATE_TIME_INPUT, IsDateTime } from '../../http/date-time.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { PageQueryDto } from '../../http/pagination.dto.js';

const CODE_EXAMPLE = 'TKT-20261231-7K3QX9MZ';

export class ScanRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The event this scanner admits people to.' })
  @IsUUID()
  eventId: string;

  @ApiProperty({
    example: CODE_EXAMPLE,
    maxLength: 512,
    description: 'The QR payload (`T2.…`, or an earlier `T1.…`) or the human code (any letter case, dashes optional).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  code: string;

  @ApiPropertyOptional({
    enum: ScanDirection,
    enumName: 'ScanDirection',
    default: ScanDirection.Entry,
    description: '`entry` lets the holder in (again after an exit only for a re-entry ticket type); `exit` lets them out (`not_inside` when not inside).',
  })
  @IsOptionalNotNull()
  @IsEnum(ScanDirection)
  direction?: ScanDirection;

  @ApiPropertyOptional({ example: 'North gate', maxLength: 100, description: 'Ignored for a scanner device bound to a gate: its gate is used.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  gate?: string;

  @ApiPropertyOptional({ example: 'scanner-07', maxLength: 100 })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  deviceId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: `When the device scanned it; default now; a time in the future counts as now. ${DATE_TIME_INPUT}` })
  @IsOptionalNotNull()
  @IsDateTime()
  scannedAt?: Date;

  @ApiPropertyOptional({
    example: '0b6c2f4e-3d1a-4c55-9b7e-9f0e1d2c3b4a',
    maxLength: 100,
    description:
      'The device’s id for this scan (a UUID is best): a retry with the same id (same scanner, same event) answers the first result, `replayed: true`.',
  })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientScanId?: string;
}

/** One offline scan: the code, gate and device as in a single scan, plus the device's own id and time. */
export class BatchScanItemDto extends PickType(ScanRequestDto, ['code', 'direction', 'gate', 'deviceId'] as const) {
  @ApiProperty({
    example: '0b6c2f4e-3d1a-4c55-9b7e-9f0e1d2c3b4a',
    maxLength: 100,
    description: 'Unique per scan on the device; the batch is idempotent by it.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  clientScanId: string;

  @ApiProperty({ format: 'date-time', example: '2026-12-31T18:02:11.000Z', description: `When the device scanned it offline. ${DATE_TIME_INPUT}` })
  @IsDateTime()
  scannedAt: Date;
}

export class BatchScanRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  eventId: string;

  @ApiProperty({ type: [BatchScanItemDto], maxItems: MAX_BATCH_SCANS, description: `Offline scans, at most ${MAX_BATCH_SCANS}, in any order.` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SCANS)
  @ValidateNested({ each: true })
  @Type(() => BatchScanItemDto)
  scans: BatchScanItemDto[];
}

export class ListCheckInsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SCAN_RESULTS, enumName: 'ScanResult' })
  @IsOptional()
  @IsIn(SCAN_RESULTS)
  result?: ScanResult;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ticketId?: string;
}

export class CheckInFeedQueryDto {
  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; none for the full list.' })
  @IsOptional()
  @IsString()
  @MaxLength(8000)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_FEED_LIMIT, default: DEFAULT_FEED_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_FEED_LIMIT)
  limit?: number;
}
