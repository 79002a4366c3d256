import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { EMAIL_MAX_LENGTH, EMAIL_RULES, NAME_MAX_LENGTH, NAME_RULES, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PASSWORD_RULES } from '@app/users';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Follows } from '../account-rules.js';
import { IsOptionalNotNull } from '../../http/optional.js';
import { IsPhone, PHONE_INPUT } from '../../http/phone.js';

/** How the refresh token travels: in the JSON body (API clients) or in the session cookie (browser apps). */
export const SESSION_MODES = ['body', 'cookie'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export class RegisterRequestDto {
  @ApiProperty({ format: 'email', example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  @Follows(EMAIL_RULES)
  email: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @Follows(PASSWORD_RULES)
  password: string;

  @ApiProperty({ example: 'Ada Lovelace', maxLength: NAME_MAX_LENGTH })
  @Follows(NAME_RULES)
  name: string;

  @ApiPropertyOptional({ example: '+2348012345678', maxLength: 32, description: PHONE_INPUT })
  @IsOptionalNotNull()
  @IsPhone()
  phone?: string;
}

export class LoginRequestDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;

  @ApiPropertyOptional({
    enum: SESSION_MODES,
    description:
      'Default `body`. `cookie` (browser apps): the refresh token is set in an `HttpOnly`, `SameSite=Strict` cookie scoped to `/api/v1/auth` and left out of the body; ' +
      '`POST /auth/refresh` and `/auth/logout` then read it from the cookie. Refused (`403 cross_site_request`) from another site.',
  })
  @IsOptionalNotNull()
  @IsIn(SESSION_MODES)
  session?: SessionMode;
}

export class RefreshRequestDto extends PickType(LoginRequestDto, ['session'] as const) {
  @ApiPropertyOptional({ description: 'The refresh token of the last pair; it is rotated. Leave it out to use the session cookie.' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refreshToken?: string;
}

export class VerifyEmailRequestDto {
  @ApiProperty({ description: 'The token from the `verify-email` message.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  token: string;
}

export class LogoutRequestDto {
  @ApiPropertyOptional({
    description: "Revoke this session; omit it to revoke the session cookie's session, or, with neither, sign out everywhere (all refresh and access tokens).",
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(512)
  refreshToken?: string;
}

export class ChangePasswordRequestDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'a much longer new passphrase' })
  @Follows(PASSWORD_RULES)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ format: 'email', example: 'ada@example.com', maxLength: EMAIL_MAX_LENGTH })
  @Follows(EMAIL_RULES)
  email: string;
}

export class PasswordResetConfirmRequestDto {
  @ApiProperty({ description: 'The token from the `password-reset` message.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery staple' })
  @Follows(PASSWORD_RULES)
  password: string;
}
