import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OrganisationSettings, publicSettings, SETTINGS_LIMITS } from '@app/settings';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { iso } from '../../http/iso.js';

export class UpdateSettingsRequestDto {
  @ApiProperty({
    example: 'Lagos Live Events',
    minLength: 1,
    maxLength: SETTINGS_LIMITS.name,
    description: 'The organisation name, shown to buyers (e-mail footer, back office).',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(SETTINGS_LIMITS.name)
  name: string;

  @ApiProperty({ example: 'support@example.com', maxLength: SETTINGS_LIMITS.supportEmail, description: 'Where buyers write for help; stored lower-cased.' })
  @IsEmail()
  @MaxLength(SETTINGS_LIMITS.supportEmail)
  supportEmail: string;

  @ApiPropertyOptional({
    example: 'https://cdn.example.com/logo.png',
    maxLength: SETTINGS_LIMITS.logoUrl,
    nullable: true,
    type: String,
    description: 'An absolute `http(s)` URL of the logo; leave out or send null to remove it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(SETTINGS_LIMITS.logoUrl)
  logoUrl?: string | null;

  @ApiProperty({ example: 'NGN', description: 'Active ISO 4217 code, upper case: the currency new events start from.' })
  @Matches(/^[A-Z]{3}$/, { message: 'defaultCurrency must be an ISO 4217 code in upper case' })
  defaultCurrency: string;

  @ApiProperty({ example: 'Africa/Lagos', maxLength: SETTINGS_LIMITS.defaultTimezone, description: 'IANA time zone new events start from.' })
  @IsString()
  @MinLength(1)
  @MaxLength(SETTINGS_LIMITS.defaultTimezone)
  defaultTimezone: string;

  @ApiProperty({
    example: 'Transfer the total to GTBank 0123456789 (Lagos Live Events), quoting your payment reference, then upload the receipt.',
    maxLength: SETTINGS_LIMITS.manualPaymentInstructions,
    description: 'Plain text shown to a buyer who pays manually: on the manual payment (`instructions`) and in the payment e-mails.',
  })
  @IsString()
  @MaxLength(SETTINGS_LIMITS.manualPaymentInstructions)
  manualPaymentInstructions: string;
}

export class SettingsResponseDto {
  @ApiProperty({ example: 'Lagos Live Events', description: 'The organisation name (default `Ticketing`).' })
  name: string;

  @ApiProperty({ example: 'support@example.com', nullable: true, type: String, description: 'Where buyers write for help; null until set.' })
  supportEmail: string | null;

  @ApiProperty({ example: 'https://cdn.example.com/logo.png', nullable: true, type: String, description: 'The logo URL; null when none is set.' })
  logoUrl: string | null;

  @ApiProperty({
    example: 'Transfer the total to GTBank 0123456789, quoting your payment reference, then upload the receipt.',
    description: 'Shown to buyers who pay manually.',
  })
  manualPaymentInstructions: string;

  @ApiPropertyOptional({ example: 'NGN', description: 'Staff only (admin, viewer): ISO 4217 currency new events start from (default `NGN`).' })
  defaultCurrency?: string;

  @ApiPropertyOptional({ example: 'Africa/Lagos', description: 'Staff only (admin, viewer): IANA time zone new events start from (default `Africa/Lagos`).' })
  defaultTimezone?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    description: 'Staff only: who last saved the settings; null while never saved.',
  })
  updatedBy?: string | null;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2026-12-31T19:00:00.000Z',
    description: 'Staff only: when the settings were last saved; null while the defaults apply.',
  })
  updatedAt?: string | null;

  /** Everything, for admins and viewers. */
  static from(s: OrganisationSettings): SettingsResponseDto {
    return Object.assign(SettingsResponseDto.public(s), {
      defaultCurrency: s.defaultCurrency,
      defaultTimezone: s.defaultTimezone,
      updatedBy: s.updatedBy,
      updatedAt: iso(s.updatedAt),
    });
  }

  /** The public part, for anyone else. */
  static public(s: OrganisationSettings): SettingsResponseDto {
    const p = publicSettings(s);
    return Object.assign(new SettingsResponseDto(), {
      name: p.name,
      supportEmail: p.supportEmail,
      logoUrl: p.logoUrl,
      manualPaymentInstructions: p.manualPaymentInstructions,
    });
  }
}
