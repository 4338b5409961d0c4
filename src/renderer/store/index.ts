import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { AuditIntegrity } from '../../shared/audit';
import type { AuthStatus, SessionUser } from '../../shared/contract';
import type { PasswordPolicy } from '../../shared/password-policy';
import type { Locale } from '../locales';

type Phase = 'loading' | 'starting' | 'setup' | 'sign-in' | 'change-password' | 'signed-in' | 'no-browser-session' | 'unreachable';

interface PrefsSlice {
  locale: Locale;
  setLocale(locale: Locale): void;
}

interface SessionSlice {
  phase: Phase;
  user: SessionUser | null;
  /** Idle lock: an overlay over the signed-in screens, which stay mounted with their unsaved work. */
  locked: boolean;
  passwordPolicy: PasswordPolicy | null;
  idleLockMinutes: number;
  auditIntegrity: AuditIntegrity | null;
  setStatus(status: AuthStatus): void;
  signedIn(user: SessionUser): void;
  signedOut(): void;
  setLocked(locked: boolean): void;
  setPhase(phase: Phase): void;
}

export type ConsoleState = PrefsSlice & SessionSlice;

const phaseOf = (user: SessionUser): Phase => (user.mustChangePassword ? 'change-password' : 'signed-in');

/** One store of slices; only UI preferences persist (domain data lives in the core). */
export const useConsole = create<ConsoleState>()(
  persist(
    (set) => ({
      locale: 'zh-CN',
      setLocale: (locale) => set({ locale }),

      phase: 'loading',
      user: null,
      locked: false,
      passwordPolicy: null,
      idleLockMinutes: 15,
      auditIntegrity: null,
      setStatus: (s) =>
        set({
          passwordPolicy: s.passwordPolicy,
          idleLockMinutes: s.idleLockMinutes,
          auditIntegrity: s.auditIntegrity,
          user: s.user,
          locked: s.locked,
          phase: s.setupRequired ? 'setup' : s.user ? phaseOf(s.user) : 'sign-in',
        }),
      signedIn: (user) => set({ user, locked: false, phase: phaseOf(user) }),
      signedOut: () => set({ user: null, locked: false, phase: 'sign-in' }),
      setLocked: (locked) => set({ locked }),
      setPhase: (phase) => set({ phase }),
    }),
    {
      name: 'dac.prefs',
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ locale: state.locale }),
    },
  ),
);
