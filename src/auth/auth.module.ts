import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuditModule } from '../audit/audit.module';
import { AccessGuard } from '../common/guards/access.guard';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { UsersModule } from '../users/users.module';
import { AccessTokensService } from './access-tokens.service';
import { AuthCoreModule } from './auth-core.module';
import { AuthController } from './auth.controller';
import { EmailVerificationService } from './email-verification.service';
import { jwtOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { LoginService } from './login.service';
import { OwnSessionsService } from './own-sessions.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetService } from './password-reset.service';
import { AppThrottlerGuard } from './rate-limit/app-throttler.guard';
import { LoginAttempts } from './rate-limit/login-attempts';
import { throttlerOptions } from './rate-limit/throttler-options';
import { RegistrationService } from './registration.service';
import { SessionsController } from './sessions.controller';
import { csrfTokensProvider } from './sessions/csrf-tokens.provider';
import { TokenPairIssuer } from './token-pair-issuer';
import { TokenRefreshService } from './token-refresh.service';

/**
 * Authentication for the whole API: the `jwt` strategy and the two global guards (rate limits
 * first, then AccessGuard: deny by default), and the /api/auth routes, one service per use case
 * (registration, email verification, login, refresh, own sessions and logout, password reset,
 * password change).
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => jwtOptions(c) }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => throttlerOptions(c),
    }),
    AuthCoreModule,
    UsersModule,
    AuditModule,
  ],
  controllers: [AuthController, SessionsController],
  providers: [
    RegistrationService,
    EmailVerificationService,
    LoginService,
    TokenRefreshService,
    OwnSessionsService,
    PasswordResetService,
    PasswordChangeService,
    TokenPairIssuer,
    LoginAttempts,
    AccessTokensService,
    JwtStrategy,
    csrfTokensProvider,
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AuthModule {}
