// Every HTTP test runs the real app on the run's database, quietly, without demo data.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.SPP_TEST_DATABASE_URL;
process.env.SEED_DEMO = 'false';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.APP_URL = 'http://app.test';
