import { Module } from '@nestjs/common';
import { AuthService } from './auth.service.js';
import { UsersService } from './users.service.js';

/**
 * Users, authentication and roles. Needs from the application: the repository ports
 * (UserRepository, RefreshTokenRepository), PasswordHasher, TransactionRunner, AuditLog,
 * EmailOutbox, AuthSettings and a global JwtModule.
 */
@Module({
  providers: [AuthService, UsersService],
  exports: [AuthService, UsersService],
})
export class UsersModule {}
