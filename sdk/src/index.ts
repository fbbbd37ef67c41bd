export * from './generated';
export { ApiProblem, ApiSession } from './session';
export type { ApiSessionOptions, SessionTokens } from './session';
