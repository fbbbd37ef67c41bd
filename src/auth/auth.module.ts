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
import { AuthService } from './auth.service';
import { jwtOptions } from './jwt-options';
import { JwtStrategy } from './jwt.strategy';
import { AppThrottlerGuard } from './rate-limit/app-throttler.guard';
import { LoginAttempts } from './rate-limit/login-attempts';
import { throttlerOptions } from './rate-limit/throttler-options';
import { SessionsController } from './sessions.controller';
import { csrfTokensProvider } from './sessions/csrf-tokens.provider';

/**
 * Authentication for the whole API: the `jwt` strategy and the two global guards (rate limits
 * first, then AccessGuard: deny by default), and the /api/auth routes.
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
    AuthService,
    LoginAttempts,
    AccessTokensService,
    JwtStrategy,
    csrfTokensProvider,
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class AuthModule {}
