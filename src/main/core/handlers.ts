import type { Handlers } from './dispatcher';
import type { IdentityService } from './identity/service';
import type { RegionService } from './regions/service';
import type { SystemInfo } from '../../shared/contract';

export interface Services {
  identity: IdentityService;
  regions: RegionService;
  systemInfo(): SystemInfo;
  clock(): Date;
}

/** Binds every contract method to its service; the type makes a missing method a compile error. */
export function createHandlers(s: Services): Handlers {
  return {
    'system.ping': () => ({ at: s.clock().toISOString() }),
    'system.info': () => s.systemInfo(),
    'auth.status': (_input, ctx) => s.identity.status(ctx.sessionKey),
    'auth.createFirstAdmin': async (input, ctx) =>
      s.identity.bind(ctx.sessionKey, await s.identity.createFirstAdministrator(input)),
    'auth.signIn': (input, ctx) => s.identity.signIn(ctx.sessionKey, input.username, input.password),
    'auth.signOut': (_input, ctx) => {
      s.identity.signOut(ctx.sessionKey);
      return { signedOut: true };
    },
    'regions.children': (input) => s.regions.childrenOf(input.parent),
    'regions.get': (input) => s.regions.get(input.code),
    'regions.search': (input) => s.regions.find(input.query, input.limit),
  };
}
