import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Administrator } from './entities/administrator.entity';
import { Teacher } from './entities/teacher.entity';
import { User } from './entities/user.entity';
import { StaffProfilesController } from './staff-profiles.controller';
import { StaffProfilesService } from './staff-profiles.service';
import { StudentLinker } from './student-linker';
import { UserPreferencesController } from './user-preferences.controller';
import { UsersController } from './users.controller';
import { AccountLookup } from './account-lookup.service';
import { UsersCredentials } from './users-credentials.service';
import { UsersPrivacyService } from './users-privacy.service';
import { UsersService } from './users.service';

/** Accounts and their administration (`/api/users`), and each user's own preferences. */
@Module({
  imports: [TypeOrmModule.forFeature([User, Teacher, Administrator]), AuditModule],
  controllers: [UsersController, UserPreferencesController, StaffProfilesController],
  providers: [
    UsersService,
    StudentLinker,
    StaffProfilesService,
    UsersPrivacyService,
    AccountLookup,
    UsersCredentials,
  ],
  exports: [UsersService, StudentLinker, UsersPrivacyService, AccountLookup, UsersCredentials],
})
export class UsersModule {}
