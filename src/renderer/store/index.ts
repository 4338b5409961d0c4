import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { PasswordPolicy } from '../../shared/password-policy';
import type { SessionUser } from '../../shared/contract';
import type { Locale } from '../locales';

type Phase = 'loading' | 'setup' | 'sign-in' | 'signed-in' | 'no-browser-session' | 'unreachable';

interface PrefsSlice {
  locale: Locale;
  setLocale(locale: Locale): void;
}

interface SessionSlice {
  phase: Phase;
  user: SessionUser | null;
  passwordPolicy: PasswordPolicy | null;
  setStatus(status: { setupRequired: boolean; user: SessionUser | null; passwordPolicy: PasswordPolicy }): void;
  signedIn(user: SessionUser): void;
  signedOut(): void;
  setPhase(phase: Phase): void;
}

export type ConsoleState = PrefsSlice & SessionSlice;

/** One store of slices; only UI preferences persist (domain data lives in the core). */
export const useConsole = create<ConsoleState>()(
  persist(
    (set) => ({
      locale: 'zh-CN',
      setLocale: (locale) => set({ locale }),

      phase: 'loading',
      user: null,
      passwordPolicy: null,
      setStatus: ({ setupRequired, user, passwordPolicy }) =>
        set({ passwordPolicy, user, phase: setupRequired ? 'setup' : user ? 'signed-in' : 'sign-in' }),
      signedIn: (user) => set({ user, phase: 'signed-in' }),
      signedOut: () => set({ user: null, phase: 'sign-in' }),
      setPhase: (phase) => set({ phase }),
    }),
    {
      name: 'dac.prefs',
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ locale: state.locale }),
    },
  ),
);
