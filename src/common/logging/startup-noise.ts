/**
 * Framework contexts whose info lines at start-up say nothing an operator needs: every module
 * initialised, every controller and route mapped (about 140 lines, and the health controller's
 * line names a prefix its routes do not have). They are kept at `LOG_LEVEL=debug` and below.
 */
const NOISY_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

const INFO = 30;

/** Whether a log call (pino's arguments and numeric level) is start-up noise to drop. */
export function isStartupNoise(args: unknown[], level: number): boolean {
  if (level > INFO) return false;
  const first = args[0];
  const context =
    typeof first === 'object' && first !== null
      ? (first as { context?: unknown }).context
      : undefined;
  return typeof context === 'string' && NOISY_CONTEXTS.has(context);
}
