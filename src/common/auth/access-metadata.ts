/** Metadata keys read by the global guards. */
export const IS_PUBLIC_KEY = 'access:public';
export const ROLES_KEY = 'access:roles';
