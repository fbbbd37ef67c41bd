// Quiet, demo-free application settings for benchmarks (imported before the application).
process.env.NODE_ENV ??= 'development';
process.env.SEED_DEMO = 'false';
process.env.LOG_LEVEL ??= 'warn';
process.env.RATE_LIMIT_MAX ??= '100000';
