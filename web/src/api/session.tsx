import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import type { User } from '../../../src/api/index.ts';
import { api } from './api.ts';

interface Session {
  user: User | undefined;
  signIn(email: string, password: string): Promise<User>;
  signOut(): void;
}

const KEY = 'ai4h-session';
const SessionContext = createContext<Session | undefined>(undefined);

function restore(): User | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as {
      token: string;
      user: User;
      expiresAt: string;
    } | null;
    if (!saved || Date.parse(saved.expiresAt) < Date.now()) return undefined;
    api.setToken(saved.token);
    return saved.user;
  } catch {
    return undefined;
  }
}

/** The signed-in user: the token lives in this tab's session storage only, never in a cookie. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | undefined>(restore);
  const queryClient = useQueryClient();
  const signIn = useCallback(
    async (email: string, password: string) => {
      const login = await api.login({ body: { email, password } });
      api.setToken(login.token);
      sessionStorage.setItem(KEY, JSON.stringify(login));
      queryClient.clear();
      setUser(login.user);
      return login.user;
    },
    [queryClient],
  );
  const signOut = useCallback(() => {
    api.setToken(undefined);
    sessionStorage.removeItem(KEY);
    queryClient.clear();
    setUser(undefined);
  }, [queryClient]);
  const value = useMemo(() => ({ user, signIn, signOut }), [user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
