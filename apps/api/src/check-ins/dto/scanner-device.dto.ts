import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { deviceStatus, ScannerDevice, ScannerDeviceStatus } from '@app/tickets';
import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { DATE_TIME_INPUT, IsDateTime } from '../../http/date-time.js';
import { iso } from '../../http/iso.js';
import { IsOptionalNotNull } from '../../http/optional.js';

export class CreateScannerDeviceRequestDto {
  @ApiProperty({ example: 'North gate phone 1', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'North gate', maxLength: 100, nullable: true, type: String, description: 'Every scan of the device is at this gate.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  gate?: string | null;

  @ApiPropertyOptional({ format: 'date-time', description: `When the device token stops working; default the event's end. ${DATE_TIME_INPUT}` })
  @IsOptionalNotNull()
  @IsDateTime()
  expiresAt?: Date;
}

export class PairScannerDeviceRequestDto {
  @ApiProperty({ example: 'SCP-7K3Q-X9MZ-2B4D', maxLength: 40, description: 'Any letter case, dashes and spaces optional.' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  pairingCode: string;
}

export class ScannerDeviceResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  eventId: string;

  @ApiProperty({ example: 'North gate phone 1' })
  name: string;

  @ApiProperty({ nullable: true, type: String, example: 'North gate' })
  gate: string | null;

  @ApiProperty({
    enum: ScannerDeviceStatus,
    enumName: 'ScannerDeviceStatus',
    description: '`unpaired` until its code is used, `active`, `revoked`, `expired` (past `expiresAt`).',
  })
  status: ScannerDeviceStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', description: 'The pairing code works until then, once.' })
  pairingExpiresAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  pairedAt: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last request with its token (to within 30 s).' })
  lastSeenAt: string | null;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revokedAt: string | null;

  static from(d: ScannerDevice): ScannerDeviceResponseDto {
    return Object.assign(new ScannerDeviceResponseDto(), {
      id: d.id,
      eventId: d.eventId,
      name: d.name,
      gate: d.gate,
      status: deviceStatus(d),
      createdAt: d.createdAt.toISOString(),
      pairingExpiresAt: d.pairingExpiresAt.toISOString(),
      pairedAt: iso(d.pairedAt),
      lastSeenAt: iso(d.lastSeenAt),
      expiresAt: d.expiresAt.toISOString(),
      revokedAt: iso(d.revokedAt),
    });
  }
}

export class CreatedScannerDeviceResponseDto {
  @ApiProperty({ type: ScannerDeviceResponseDto })
  device: ScannerDeviceResponseDto;

  @ApiProperty({
    example: 'SCP-7K3Q-X9MZ-2B4D',
    description: 'Shown once: type it into the scanner app or let it scan it as a QR. Works once, for 10 minutes.',
  })
  pairingCode: string;

  @ApiProperty({ format: 'date-time' })
  pairingExpiresAt: string;
}

export class PairedScannerDeviceResponseDto {
  @ApiProperty({ example: 'sdt_Q2h…', description: 'Shown once: send it as `Authorization: Bearer <deviceToken>` to the check-in routes of the event.' })
  deviceToken: string;

  @ApiProperty({ type: ScannerDeviceResponseDto })
  device: ScannerDeviceResponseDto;

  @ApiProperty({ format: 'uuid' })
  eventId: string;
}
