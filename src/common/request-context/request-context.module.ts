import { Global, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { RequestContext } from './request-context';

/**
 * Provides RequestContext and nestjs-cls's ClsService everywhere. The store is opened for each
 * request by openRequestContext (configure-app), so ClsModule.forRoot is not used: it would add
 * a global guard and a global interceptor that do nothing here, yet wrap every request's
 * handler in one more interceptor.
 */
@Global()
@Module({ imports: [ClsModule], providers: [RequestContext], exports: [ClsModule, RequestContext] })
export class RequestContextModule {}
