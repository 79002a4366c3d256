import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AuthSession } from '@app/users';
import { UserResponseDto } from '../../users/dto/user.response.dto.js';

export class AuthSessionResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiProperty({ description: 'JWT access token; send as `Authorization: Bearer <accessToken>`.', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...' })
  accessToken: string;

  @ApiPropertyOptional({
    description: 'Opaque refresh token; rotated on every use, reuse revokes the session family. Absent in a cookie session (it is in the cookie).',
    example: 'q7V2n0...',
  })
  refreshToken?: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType: 'Bearer';

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Access-token lifetime in seconds.', example: 900 })
  expiresIn: number;

  /** `inCookie`: the refresh token went into the session cookie and is left out of the body. */
  static from(session: AuthSession, inCookie = false): AuthSessionResponseDto {
    return Object.assign(new AuthSessionResponseDto(), {
      user: UserResponseDto.from(session.user),
      accessToken: session.accessToken,
      ...(inCookie ? {} : { refreshToken: session.refreshToken }),
      tokenType: session.tokenType,
      expiresIn: session.expiresIn,
    });
  }
}

/** `POST /auth/register` with the e-mail of an account made at the box office (no password yet). */
export class AccountClaimResponseDto {
  @ApiProperty({ enum: ['password_reset_sent'], example: 'password_reset_sent' })
  status: 'password_reset_sent';

  @ApiProperty({ format: 'email', example: 'ada@example.com', description: 'Where the `password-reset` message went (normalised).' })
  email: string;

  static of(email: string): AccountClaimResponseDto {
    return Object.assign(new AccountClaimResponseDto(), { status: 'password_reset_sent' as const, email });
  }
}
