import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@app/shared';
import { AuthService, AuthSettings, InvalidRefreshTokenError, UsersService } from '@app/users';
import type { Request, Response } from 'express';
import { Authorized, CurrentActor, Public } from '../http/authorization.js';
import { ApiProblems } from '../http/openapi.decorators.js';
import { RateLimit } from '../http/rate-limit.js';
import { UserResponseDto } from '../users/dto/user.response.dto.js';
import { AccountClaimResponseDto, AuthSessionResponseDto } from './dto/auth-session.response.dto.js';
import { assertSameSite, clearSessionCookie, sessionCookieToken, setSessionCookie } from './session-cookie.js';
import {
  ChangePasswordRequestDto,
  LoginRequestDto,
  LogoutRequestDto,
  PasswordResetConfirmRequestDto,
  PasswordResetRequestDto,
  RefreshRequestDto,
  RegisterRequestDto,
  VerifyEmailRequestDto,
} from './dto/auth.request.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly settings: AuthSettings,
  ) {}

  @Post('register')
  @Public()
  @RateLimit('register')
  @ApiOperation({
    summary: 'Create a customer account',
    description:
      'Always yields the `customer` role, with an unverified e-mail (`emailVerified: false`): a `verify-email` message with a token is sent to it ' +
      '(see `POST /auth/verify-email`). Rate limited per IP (RATE_LIMIT_REGISTER). ' +
      'The e-mail of an account made for a box-office buyer (no password yet): `202`, the account is not changed and nobody is signed in; ' +
      'a `password-reset` message goes to the address, and whoever reads it sets the password (`POST /auth/password-reset/confirm`) and sees the tickets. ' +
      'So typing someone else’s address gives nothing.',
  })
  @ApiCreatedResponse({ type: AuthSessionResponseDto })
  @ApiAcceptedResponse({
    type: AccountClaimResponseDto,
    description: 'The e-mail belongs to an account with no password yet (box office): a message to set it was sent there.',
  })
  @ApiProblems(400, { 409: '`email_taken`' })
  async register(@Body() body: RegisterRequestDto, @Res({ passthrough: true }) res: Response): Promise<AuthSessionResponseDto | AccountClaimResponseDto> {
    const outcome = await this.auth.register(body);
    if (outcome.kind === 'registered') return AuthSessionResponseDto.from(outcome.session);
    res.status(202);
    return AccountClaimResponseDto.of(outcome.email);
  }

  @Post('password-reset')
  @Public()
  @RateLimit('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset',
    description:
      'Queues a `password-reset` message with a one-time token (valid 1 hour) to the account with this e-mail, if there is one and it is enabled; ' +
      'the answer is the same either way. At most one message per account a minute. Also how a box-office buyer claims the account made for them. ' +
      'Rate limited per IP like register (RATE_LIMIT_REGISTER).',
  })
  @ApiAcceptedResponse({ description: 'Queued, if the account exists.' })
  @ApiProblems(400)
  async requestPasswordReset(@Body() body: PasswordResetRequestDto): Promise<void> {
    await this.auth.requestPasswordReset(body.email);
  }

  @Post('password-reset/confirm')
  @Public()
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a new password with a reset token',
    description:
      'Sets the password, marks the e-mail verified (the token reached it), signs out every session and access token, and signs in. ' +
      'The token works once, and only while the account keeps the address it was sent to. Rate limited per IP like login (RATE_LIMIT_LOGIN).',
  })
  @ApiOkResponse({ type: AuthSessionResponseDto })
  @ApiProblems({ 400: '`validation_failed` or `invalid_reset_token` (malformed, expired, already used, or for an address the account no longer has)' })
  async confirmPasswordReset(@Body() body: PasswordResetConfirmRequestDto): Promise<AuthSessionResponseDto> {
    return AuthSessionResponseDto.from(await this.auth.resetPassword(body.token, body.password));
  }

  @Post('login')
  @Public()
  @RateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in',
    description:
      'Rate limited per IP (RATE_LIMIT_LOGIN). Failures are audited. With `"session": "cookie"` the refresh token is set in the ' +
      '`ticketing_refresh` cookie (`HttpOnly; SameSite=Strict; Path=/api/v1/auth`, `Secure` over https) instead of the body.',
  })
  @ApiOkResponse({ type: AuthSessionResponseDto })
  @ApiProblems(400, {
    401: '`invalid_credentials` (same for an unknown e-mail and a wrong password)',
    403: '`cross_site_request` (cookie session from another site)',
  })
  async login(@Body() body: LoginRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthSessionResponseDto> {
    const inCookie = body.session === 'cookie';
    if (inCookie) assertSameSite(req);
    const session = await this.auth.login({ email: body.email, password: body.password });
    if (inCookie) setSessionCookie(req, res, session.refreshToken, this.settings.refreshTokenTtlSeconds);
    return AuthSessionResponseDto.from(session, inCookie);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate a refresh token into a new pair',
    description:
      'Presenting an already rotated token revokes its whole family. The token comes from the body or, when the body has none, from the ' +
      'session cookie; a cookie session answers with a new cookie and no `refreshToken` in the body (as does `"session": "cookie"` with a body token). ' +
      'A cookie-session request from another site (`Origin` or `Sec-Fetch-Site`) is refused.',
  })
  @ApiOkResponse({ type: AuthSessionResponseDto })
  @ApiProblems(400, {
    401: '`invalid_refresh_token` (also: no token in the body nor in a cookie) or `refresh_token_reused`',
    403: '`cross_site_request` (cookie session from another site)',
  })
  async refresh(@Body() body: RefreshRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<AuthSessionResponseDto> {
    const fromCookie = body.refreshToken === undefined;
    const inCookie = fromCookie || body.session === 'cookie';
    if (inCookie) assertSameSite(req);
    const token = body.refreshToken ?? sessionCookieToken(req);
    if (!token) throw new InvalidRefreshTokenError('No refresh token: send one in the body or sign in with "session": "cookie".');
    try {
      const session = await this.auth.refresh(token);
      if (inCookie) setSessionCookie(req, res, session.refreshToken, this.settings.refreshTokenTtlSeconds);
      return AuthSessionResponseDto.from(session, inCookie);
    } catch (error) {
      // A dead cookie is dropped, so the app goes to its sign-in page instead of retrying it.
      if (fromCookie) clearSessionCookie(req, res);
      throw error;
    }
  }

  @Post('logout')
  @Authorized()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out',
    description:
      "Revokes the given refresh token (its session), else the session cookie's session (and expires the cookie); with neither, " +
      'every session and access token of the user.',
  })
  @ApiNoContentResponse()
  @ApiProblems(400, { 403: '`cross_site_request` (cookie session from another site)' })
  async logout(@CurrentActor() actor: Actor, @Body() body: LogoutRequestDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const cookieToken = body.refreshToken === undefined ? sessionCookieToken(req) : undefined;
    if (cookieToken) {
      assertSameSite(req);
      clearSessionCookie(req, res);
    }
    await this.auth.logout(actor, body.refreshToken ?? cookieToken);
  }

  @Get('me')
  @Authorized()
  @ApiOperation({ summary: 'The signed-in user', description: 'The account the access token belongs to, with its roles.' })
  @ApiOkResponse({ type: UserResponseDto })
  async me(@CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.users.get(actor.userId));
  }

  @Post('verify-email')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify the e-mail address',
    description:
      'With the token of a `verify-email` message (valid EMAIL_VERIFICATION_HOURS, default 48). Idempotent. ' +
      'Accepting a ticket transfer needs a verified address, so nobody can claim a ticket by signing up first with an address that is not theirs.',
  })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiProblems({ 400: '`validation_failed` or `invalid_verification_token` (malformed, expired, or for an address the account no longer has)' })
  async verifyEmail(@Body() body: VerifyEmailRequestDto): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.auth.verifyEmail(body.token));
  }

  @Post('resend-verification')
  @Authorized()
  @RateLimit('register')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a new verification e-mail',
    description: 'To the signed-in user’s address; earlier tokens keep working until they expire. Rate limited per IP like register (RATE_LIMIT_REGISTER).',
  })
  @ApiAcceptedResponse({ description: 'The message is queued.' })
  @ApiProblems({ 409: '`email_already_verified`' })
  async resendVerification(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.resendVerification(actor);
  }

  @Post('change-password')
  @Authorized()
  @RateLimit('login')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the password',
    description:
      'Revokes every refresh token; access tokens issued before stop working at once. ' +
      'Rate limited per IP like login (RATE_LIMIT_LOGIN, its own counter), so a stolen access token cannot be used to guess the current password.',
  })
  @ApiNoContentResponse()
  @ApiProblems({ 400: '`validation_failed` or `current_password_incorrect`' })
  async changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePasswordRequestDto): Promise<void> {
    await this.auth.changePassword(actor, body.currentPassword, body.newPassword);
  }
}
