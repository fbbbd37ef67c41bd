import { Reflector } from '@nestjs/core';

type Target = object;

/**
 * A Reflector whose getAllAndOverride remembers, per controller and handler, what each key
 * gave: route metadata is fixed once the app is built, so the answer for a route never changes.
 * For the throttler guard, which asks it six times per limit on every request. Other calls,
 * and look-ups on anything but [handler, controller], go to the Reflector as they are.
 */
export class RouteMetadataMemo extends Reflector {
  private readonly routes = new WeakMap<Target, WeakMap<Target, Map<unknown, unknown>>>();

  override getAllAndOverride<TResult = unknown, TKey = unknown>(
    metadataKey: TKey,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): TResult {
    if (targets.length !== 2) return super.getAllAndOverride(metadataKey, targets);
    const [handler, controller] = targets as unknown as [Target, Target];
    let handlers = this.routes.get(controller);
    if (!handlers) this.routes.set(controller, (handlers = new WeakMap()));
    let values = handlers.get(handler);
    if (!values) handlers.set(handler, (values = new Map()));
    if (values.has(metadataKey)) return values.get(metadataKey) as TResult;
    const value = super.getAllAndOverride<TResult, TKey>(metadataKey, targets);
    values.set(metadataKey, value);
    return value;
  }
}
