import { Module } from '@nestjs/common';
import { StudentsModule } from '../students/students.module';
import { UsersModule } from '../users/users.module';
import { DemoSeedOnStartup } from './demo-seed.bootstrap';
import { SeedService } from './seed.service';

/**
 * The demo data: the demo accounts (users) and the shipped data set's students (students),
 * loaded on the first start of an empty database (SEED_DEMO) or by `npm run seed`. It sits
 * above both modules and writes nothing itself: each writes its own tables.
 */
@Module({
  imports: [UsersModule, StudentsModule],
  providers: [SeedService, DemoSeedOnStartup],
  exports: [SeedService],
})
export class DemoSeedModule {}
