/** What other modules may use of users besides its module, services, errors and dto/. */
export type { AccountChangeReason, AccountCredentials } from './account-credentials';
export type { AutoLinkContext, AutoLinkTrigger } from './auto-link-context';
export type { StudentLinkProvider } from './student-link-provider';
export type { UserWithStudent } from './user-with-student';
