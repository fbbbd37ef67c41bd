/** The application's root pino logger (see AppLoggerModule). */
export const APP_LOGGER = Symbol('APP_LOGGER');
