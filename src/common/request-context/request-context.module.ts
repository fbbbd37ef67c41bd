import { Global, Module } from '@nestjs/common';
import { RequestContext } from './request-context';

/** Provides RequestContext everywhere (the store itself is ClsModule's, set up in AppModule). */
@Global()
@Module({ providers: [RequestContext], exports: [RequestContext] })
export class RequestContextModule {}
