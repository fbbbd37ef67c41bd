import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { Access, PublicAccess } from '../common/decorators/access.decorator';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { UnauthenticatedError } from '../common/errors/common.errors';
import { ProblemResponseDto } from '../common/http/problem-response.dto';
import { UserEnvelopeDto } from '../users/dto/user-envelope.dto';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { toUserResponse } from '../users/dto/to-user-response';
import { UsersService } from '../users/users.service';
import {
  clearAuthCookies,
  refreshTokenOf,
  requireRefreshToken,
  setAuthCookies,
} from './auth-cookies';
import { AcceptedResponseDto } from './dto/accepted-response.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { EmailDto } from './dto/email.dto';
import { LoginDto } from './dto/login.dto';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { ResetTokenStatusDto } from './dto/reset-token-status.dto';
import { TokenDto } from './dto/token.dto';
import { TokenPairResponseDto } from './dto/token-pair-response.dto';
import { EmailVerificationService } from './email-verification.service';
import { LoginService } from './login.service';
import { OwnSessionsService } from './own-sessions.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetService } from './password-reset.service';
import { AuthRateLimit } from './rate-limit/auth-rate-limit.decorator';
import { RegistrationService } from './registration.service';
import type { LoginResult } from './token-pair-issuer';
import { toTokenPairResponse } from './token-pair.mapper';
import { TokenRefreshService } from './token-refresh.service';
import { CSRF_HEADER, CsrfTokens } from './tokens/csrf';

const ACCEPTED: AcceptedResponseDto = {
  status: 'accepted',
  message: 'If an account with this email can receive it, an email is on its way.',
};

function bearerOf(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match ? match[1] : undefined;
}

const RATE_LIMITED_DOC = {
  description: 'Rate limited; see Retry-After.',
  type: ProblemResponseDto,
};

const HASHING_BUSY_DOC = {
  description:
    '`server_busy`: too many password checks are running and waiting; refused at once, retry after Retry-After.',
  type: ProblemResponseDto,
};

const CSRF_HEADER_DOC = {
  name: CSRF_HEADER,
  required: false,
  description:
    'Required when the refresh token comes from the cookie: the value of the csrf_token cookie set with that refresh cookie (it is signed for the session and changes whenever the refresh token rotates).',
};

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly registration: RegistrationService,
    private readonly emailVerification: EmailVerificationService,
    private readonly logins: LoginService,
    private readonly refreshes: TokenRefreshService,
    private readonly ownSessions: OwnSessionsService,
    private readonly passwordReset: PasswordResetService,
    private readonly passwordChange: PasswordChangeService,
    private readonly users: UsersService,
    private readonly csrf: CsrfTokens,
  ) {}

  @Post('register')
  @PublicAccess()
  @AuthRateLimit()
  @ApiBearerAuth('bearer')
  @ApiOperation({
    summary: 'Register',
    description:
      'Creates an unverified account and emails a verification link. Public callers register students; any other role needs an administrator’s access token (else 403). Public.',
  })
  @ApiCreatedResponse({ type: UserEnvelopeDto, description: 'Created; verification email sent.' })
  @ApiBadRequestResponse({
    description: 'Invalid input or unacceptable password.',
    type: ProblemResponseDto,
  })
  @ApiUnauthorizedResponse({ description: 'Invalid access token given.', type: ProblemResponseDto })
  @ApiForbiddenResponse({
    description: 'A non-student role without an administrator’s token.',
    type: ProblemResponseDto,
  })
  @ApiConflictResponse({ description: 'The email is taken.', type: ProblemResponseDto })
  @ApiServiceUnavailableResponse(HASHING_BUSY_DOC)
  async register(
    @Body() body: RegisterDto,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserEnvelopeDto> {
    const { user, studentId } = await this.registration.register(
      {
        email: body.email,
        password: body.password,
        firstName: body.first_name,
        lastName: body.last_name,
        role: body.role,
      },
      bearerOf(authorization),
    );
    response.location(`/api/users/${user.id}`);
    return { user: toUserResponse(user, studentId) };
  }

  @Post('verify-email')
  @PublicAccess()
  @AuthRateLimit()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify email',
    description: 'Spends the emailed verification token (valid 24 hours, once). Public.',
  })
  @ApiOkResponse({ type: UserEnvelopeDto })
  @ApiBadRequestResponse({
    description: 'Invalid, expired or used token.',
    type: ProblemResponseDto,
  })
  async verifyEmail(@Body() body: TokenDto): Promise<UserEnvelopeDto> {
    const { user, studentId } = await this.emailVerification.verifyEmail(body.token);
    return { user: toUserResponse(user, studentId) };
  }

  @Get('verify-email')
  @PublicAccess()
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Verify email (link)',
    description:
      'The link in the verification email; the same as POST /api/auth/verify-email. Public.',
  })
  @ApiOkResponse({ type: UserEnvelopeDto })
  @ApiBadRequestResponse({
    description: 'Invalid, expired or used token.',
    type: ProblemResponseDto,
  })
  async verifyEmailLink(@Query() query: TokenDto): Promise<UserEnvelopeDto> {
    const { user, studentId } = await this.emailVerification.verifyEmail(query.token);
    return { user: toUserResponse(user, studentId) };
  }

  @Post('resend-verification')
  @PublicAccess()
  @AuthRateLimit()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Resend the verification email',
    description:
      'Always 202 with the same body, whether or not the account exists or is verified; an unverified account gets a new link (older ones stop working). Public.',
  })
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed email.', type: ProblemResponseDto })
  async resendVerification(@Body() body: EmailDto): Promise<AcceptedResponseDto> {
    await this.emailVerification.resendVerification(body.email);
    return ACCEPTED;
  }

  @Post('login')
  @PublicAccess()
  @AuthRateLimit('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in',
    description:
      'Exchanges email and password for a short-lived access token and a single-use refresh token (also set as an HttpOnly cookie, with a readable csrf_token cookie signed for this session). Never cached (Cache-Control: no-store). Public.',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed input.', type: ProblemResponseDto })
  @ApiUnauthorizedResponse({
    description: 'Wrong email or password (one answer for both).',
    type: ProblemResponseDto,
  })
  @ApiForbiddenResponse({
    description: 'Email not verified (`email_not_verified`) or account deactivated.',
    type: ProblemResponseDto,
  })
  @ApiServiceUnavailableResponse(HASHING_BUSY_DOC)
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPairResponseDto> {
    return this.issue(await this.logins.login(body.email, body.password), response);
  }

  @Post('refresh')
  @PublicAccess()
  @AuthRateLimit()
  @HttpCode(200)
  @ApiBearerAuth('bearer')
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiOperation({
    summary: 'Refresh the tokens',
    description:
      'Spends the refresh token (Authorization: Bearer <refresh_token>, body refresh_token, or the cookie with the x-csrf-token header) and returns a new pair, with new cookies: the csrf_token of the previous refresh token no longer works. Replaying a spent token ends the whole session. Never cached. Public (the refresh token is the credential).',
  })
  @ApiOkResponse({ type: TokenPairResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed body.', type: ProblemResponseDto })
  @ApiUnauthorizedResponse({
    description: 'Missing, invalid, expired or already used refresh token.',
    type: ProblemResponseDto,
  })
  @ApiForbiddenResponse({
    description:
      'Cookie used without the CSRF header, or with a CSRF token not signed for this refresh cookie (`csrf_failed`).',
    type: ProblemResponseDto,
  })
  async refresh(
    @Body() body: RefreshTokenDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPairResponseDto> {
    const token = requireRefreshToken(
      refreshTokenOf(request, body.refresh_token, {
        allowAuthorizationHeader: true,
        csrf: this.csrf,
      }),
    );
    return this.issue(await this.refreshes.refresh(token), response);
  }

  @Post('logout')
  @PublicAccess()
  @HttpCode(204)
  @ApiBearerAuth('bearer')
  @ApiHeader(CSRF_HEADER_DOC)
  @ApiOperation({
    summary: 'Log out',
    description:
      'Ends the session of the access token (Authorization: Bearer), or of the refresh token given in the body or the cookie (with the x-csrf-token header); its access tokens stop working at once and the cookies are cleared. Public route: the token is the credential.',
  })
  @ApiNoContentResponse({ description: 'The session has ended.' })
  @ApiBadRequestResponse({ description: 'Malformed body.', type: ProblemResponseDto })
  @ApiUnauthorizedResponse({ description: 'No valid token given.', type: ProblemResponseDto })
  @ApiForbiddenResponse({
    description:
      'Cookie used without the CSRF header, or with a CSRF token not signed for this refresh cookie (`csrf_failed`).',
    type: ProblemResponseDto,
  })
  @ApiTooManyRequestsResponse(RATE_LIMITED_DOC)
  async logout(
    @Body() body: RefreshTokenDto,
    @Headers('authorization') authorization: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    const accessToken = bearerOf(authorization);
    if (authorization !== undefined && !accessToken) {
      throw new UnauthenticatedError('Authorization must be "Bearer <access_token>".');
    }
    const credential = accessToken
      ? { accessToken }
      : {
          refreshToken: requireRefreshToken(
            refreshTokenOf(request, body.refresh_token, {
              allowAuthorizationHeader: false,
              csrf: this.csrf,
            }),
          ),
        };
    await this.ownSessions.logout(credential);
    clearAuthCookies(response);
  }

  @Post('forgot-password')
  @PublicAccess()
  @AuthRateLimit()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Ask for a password reset',
    description:
      'Always 202 with the same body. An active account gets an email with a reset token (valid 1 hour, once; older ones stop working). Nothing changes until the token is used. Public.',
  })
  @ApiAcceptedResponse({ type: AcceptedResponseDto })
  @ApiBadRequestResponse({ description: 'Malformed email.', type: ProblemResponseDto })
  async forgotPassword(@Body() body: EmailDto): Promise<AcceptedResponseDto> {
    await this.passwordReset.forgotPassword(body.email);
    return ACCEPTED;
  }

  @Get('reset-password')
  @PublicAccess()
  @AuthRateLimit()
  @ApiOperation({
    summary: 'Check a reset token (link)',
    description:
      'The link in the reset email when no PASSWORD_RESET_URL page is configured: tells whether the token still works and until when, without spending it. Public.',
  })
  @ApiOkResponse({ type: ResetTokenStatusDto })
  @ApiBadRequestResponse({
    description: 'Invalid, expired or used token.',
    type: ProblemResponseDto,
  })
  async checkResetToken(@Query() query: TokenDto): Promise<ResetTokenStatusDto> {
    const expiresAt = await this.passwordReset.checkResetToken(query.token);
    return {
      valid: true,
      expires_at: expiresAt.toISOString(),
      message: 'Send this token with the new password to POST /api/auth/reset-password.',
    };
  }

  @Post('reset-password')
  @PublicAccess()
  @AuthRateLimit()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Reset the password',
    description:
      'Sets a new password with the emailed token; every session of the account ends and the user is told by email. Public.',
  })
  @ApiNoContentResponse({ description: 'Password changed; all sessions ended.' })
  @ApiBadRequestResponse({
    description: 'Invalid, expired or used token, or unacceptable password.',
    type: ProblemResponseDto,
  })
  @ApiServiceUnavailableResponse(HASHING_BUSY_DOC)
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.passwordReset.resetPassword(body.token, body.password);
  }

  @Post('change-password')
  @Access('student', 'teacher', 'administrator')
  @AuthRateLimit()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Change the password',
    description: 'Needs the current password. Every other session ends; this one stays. All roles.',
  })
  @ApiNoContentResponse({ description: 'Password changed; other sessions ended.' })
  @ApiBadRequestResponse({
    description: 'Wrong current password or unacceptable new password.',
    type: ProblemResponseDto,
  })
  @ApiServiceUnavailableResponse(HASHING_BUSY_DOC)
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.passwordChange.changePassword(caller, body.current_password, body.new_password);
  }

  @Get('me')
  @Access('student', 'teacher', 'administrator')
  @ApiOperation({ summary: 'The current user', description: 'The caller’s account. All roles.' })
  @ApiOkResponse({ type: UserResponseDto })
  async getMe(@CurrentUser() caller: AuthenticatedUser): Promise<UserResponseDto> {
    const { user, studentId } = await this.users.getById(caller.id);
    return toUserResponse(user, studentId);
  }

  private issue(result: LoginResult, response: Response): TokenPairResponseDto {
    setAuthCookies(response, this.csrf, result.refreshToken, result.sessionExpiresAt);
    return toTokenPairResponse(result);
  }
}
