import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountAdministrationService } from './account-administration.service';
import { AccountCreationService } from './account-creation.service';
import { AccountLookup } from './account-lookup.service';
import { AccountSignInUpdatesService } from './account-sign-in-updates.service';
import { DemoAccountsService } from './demo-accounts.service';
import { StaffProfilesController } from './staff-profiles.controller';
import { StaffProfilesRepository } from './staff-profiles.repository';
import { StaffProfilesService } from './staff-profiles.service';
import { StudentLinker } from './student-linker';
import { UserPreferencesController } from './user-preferences.controller';
import { UserPreferencesService } from './user-preferences.service';
import { UsersController } from './users.controller';
import { UsersCredentials } from './users-credentials.service';
import { UsersPrivacyService } from './users-privacy.service';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Accounts and their administration (`/api/users`), and each user's own preferences. One
 * service per use case: finding accounts (UsersService), creating them
 * (AccountCreationService), the demo accounts (DemoAccountsService), the administrators' list
 * and edits (AccountAdministrationService), the updates sign-in flows make
 * (AccountSignInUpdatesService), preferences (UserPreferencesService) and staff profiles.
 */
@Module({
  imports: [AuditModule],
  controllers: [UsersController, UserPreferencesController, StaffProfilesController],
  providers: [
    UsersService,
    AccountCreationService,
    DemoAccountsService,
    AccountAdministrationService,
    AccountSignInUpdatesService,
    UserPreferencesService,
    UsersRepository,
    StaffProfilesRepository,
    StudentLinker,
    StaffProfilesService,
    UsersPrivacyService,
    AccountLookup,
    UsersCredentials,
  ],
  exports: [
    UsersService,
    AccountCreationService,
    DemoAccountsService,
    AccountSignInUpdatesService,
    StudentLinker,
    UsersPrivacyService,
    AccountLookup,
    UsersCredentials,
  ],
})
export class UsersModule {}
