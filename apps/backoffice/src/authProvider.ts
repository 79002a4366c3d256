import type { AuthProvider } from 'react-admin';
import { api, hasAccessToken, refreshSession, setAccessToken, signIn, signOut, type User } from './api/client';

const STAFF = ['admin', 'viewer'];
/** What a viewer may do: read everything staff can read, change nothing (API.md Roles). */
const READ_ACTIONS = new Set(['list', 'show', 'read', 'export']);

let user: User | null = null;

function isStaff(u: { roles: string[] }): boolean {
  return u.roles.some((r) => STAFF.includes(r));
}

async function loadUser(): Promise<User | null> {
  if (!hasAccessToken()) {
    const session = await refreshSession();
    if (!session) return null;
  }
  const { data } = await api.GET('/api/v1/auth/me');
  user = data ?? null;
  return user;
}

/**
 * Sign-in with a cookie session: `POST /auth/login` with `session: "cookie"` puts the refresh
 * token in an HttpOnly cookie (scoped to /api/v1/auth); the access token stays in memory. On page
 * load `checkAuth` restores it through `POST /auth/refresh`. Only admins and viewers may enter.
 */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const session = await signIn(username, password);
    if (!isStaff(session.user)) {
      await api.POST('/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } });
      setAccessToken(null);
      throw new Error('This account has no back-office access.');
    }
    user = session.user;
  },
  async logout() {
    await signOut();
    user = null;
  },
  async checkAuth() {
    const u = user ?? (await loadUser());
    if (!u || !isStaff(u)) throw new Error('Please sign in');
  },
  async checkError(error: { status?: number }) {
    // 401 survived a refresh (see the client): the session is over. 403 is a refusal, not a sign-out.
    if (error?.status === 401) {
      setAccessToken(null);
      user = null;
      throw new Error('Session ended');
    }
  },
  async getIdentity() {
    const u = user ?? (await loadUser());
    if (!u) throw new Error('Not signed in');
    return { id: u.id, fullName: `${u.name} (${u.roles.join(', ')})` };
  },
  async getPermissions() {
    return user?.roles ?? [];
  },
  async canAccess({ action }) {
    const roles = user?.roles ?? (await loadUser())?.roles ?? [];
    if (roles.includes('admin')) return true;
    return roles.includes('viewer') && READ_ACTIONS.has(action);
  },
};

/** The signed-in user's roles, for screens outside a resource. */
export function currentRoles(): string[] {
  return user?.roles ?? [];
}
