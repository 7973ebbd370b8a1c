import type { Express, RequestHandler } from 'express';

/** A layer of express's router (express 5): a middleware or a route, tried in order. */
export interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * Routes other systems call on every transaction: express tries the router's layers in order, and Nest registers
 * about 500 routes, so a route near the end (the joint check was number 375) costs hundreds of path matches per call.
 */
export const JOINT_CHECK_ROUTE = { method: 'post', path: '/api/v1/joint-checks' } as const;
export const HOT_ROUTES: readonly { method: string; path: string }[] = [JOINT_CHECK_ROUTE];

/**
 * Moves each hot route's layer up to just after the last earlier layer that matches its path (a middleware such as
 * the body parsers or the session, or a route with the same or a parameterised path), so nothing that ran before it
 * for such a request is skipped or reordered: the layers it passes could not have handled the request. Called once
 * the routes are registered (createWebApp).
 */
export function promoteHotRoutes(stack: RouterLayer[], routes: readonly { method: string; path: string }[] = HOT_ROUTES): void {
  for (const { method, path } of routes) {
    const from = stack.findIndex((l) => l.route?.path === path && l.route.methods[method]);
    if (from < 0) continue;
    let to = from;
    while (to > 0 && !stack[to - 1].match(path)) to--;
    if (to < from) stack.splice(to, 0, ...stack.splice(from, 1));
  }
}

/**
 * Puts `handler` on the route `method path` just before the route's own layer (an app's router: after whatever runs
 * before that route, ahead of the route itself): it answers the calls it can and passes the others on with `next()`,
 * so they reach the route unchanged. A shortcut for a route that is not registered is a mistake: it throws.
 */
export function shortcutRoute(app: Express, route: { method: 'get' | 'post' | 'put' | 'patch' | 'delete'; path: string }, handler: RequestHandler): void {
  const stack = app.router.stack as unknown as RouterLayer[];
  const at = stack.findIndex((l) => l.route?.path === route.path && l.route.methods[route.method]);
  if (at < 0) throw new Error(`shortcutRoute: no ${route.method.toUpperCase()} ${route.path} route to put a shortcut before`);
  app[route.method](route.path, handler);
  stack.splice(at, 0, stack.pop()!);
}
