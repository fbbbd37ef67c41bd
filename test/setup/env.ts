// Every HTTP test runs the real app on the run's database, quietly, without demo data.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.SPP_TEST_DATABASE_URL;
process.env.SEED_DEMO = 'false';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.APP_URL = 'http://app.test';
// Test files run at once on one database, where the heavy-work limits hold across every app
// instance: a low default would make one file's import refuse another's. Tests of the limits
// set them explicitly; training stays one job at a time.
process.env.MAX_CONCURRENT_BATCH_PREDICTIONS = '50';
process.env.MAX_CONCURRENT_IMPORTS = '50';
process.env.MAX_CONCURRENT_EXPORTS = '50';
