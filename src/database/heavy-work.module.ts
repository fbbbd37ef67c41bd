import { Global, Module } from '@nestjs/common';
import { HeavyWorkLimiter } from './heavy-work-limiter';

/** The one heavy-work limiter of the instance, for every module that runs heavy work. */
@Global()
@Module({
  providers: [HeavyWorkLimiter],
  exports: [HeavyWorkLimiter],
})
export class HeavyWorkModule {}
