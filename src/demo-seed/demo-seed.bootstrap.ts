import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.token';
import { SeedService } from './seed.service';

/**
 * On start (SEED_DEMO=true, the default outside production) loads the demo data into a
 * database without students, so a first `npm start` gives a usable system. A database that
 * has students is never touched.
 */
@Injectable()
export class DemoSeedOnStartup implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly seed: SeedService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo) return;
    if (await this.seed.hasStudents()) {
      this.logger.log('Students present: demo data not loaded');
      return;
    }
    this.logger.log('Empty database and SEED_DEMO=true: loading the demo users and the data set');
    const report = await this.seed.seedDemo({
      onProgress: ({ done, total }) => this.logger.log(`Demo students: ${done}/${total}`),
    });
    this.logger.log(
      `Demo data loaded: ${report.students_inserted} students, ${report.performance_records_inserted} performance records, ${report.accounts_linked} linked accounts in ${report.duration_ms} ms`,
    );
  }
}
