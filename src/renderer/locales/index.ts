import { areas as enAreas } from './en-US/areas';
import { auth as enAuth } from './en-US/auth';
import { calendar as enCalendar } from './en-US/calendar';
import { deadlines as enDeadlines } from './en-US/deadlines';
import { common as enCommon } from './en-US/common';
import { connectivity as enConnectivity } from './en-US/connectivity';
import { dashboard as enDashboard } from './en-US/dashboard';
import { directory as enDirectory } from './en-US/directory';
import { identity as enIdentity } from './en-US/identity';
import { sharing as enSharing } from './en-US/sharing';
import { sync as enSync } from './en-US/sync';
import { areas as zhAreas } from './zh-CN/areas';
import { auth as zhAuth } from './zh-CN/auth';
import { calendar as zhCalendar } from './zh-CN/calendar';
import { deadlines as zhDeadlines } from './zh-CN/deadlines';
import { common as zhCommon } from './zh-CN/common';
import { connectivity as zhConnectivity } from './zh-CN/connectivity';
import { dashboard as zhDashboard } from './zh-CN/dashboard';
import { directory as zhDirectory } from './zh-CN/directory';
import { identity as zhIdentity } from './zh-CN/identity';
import { sharing as zhSharing } from './zh-CN/sharing';
import { sync as zhSync } from './zh-CN/sync';

export type Locale = 'zh-CN' | 'en-US';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

const zhCN = { ...zhCommon, ...zhAuth, ...zhAreas, ...zhIdentity, ...zhDirectory, ...zhConnectivity, ...zhCalendar, ...zhDeadlines, ...zhSharing, ...zhDashboard, ...zhSync };
export type MessageKey = keyof typeof zhCN;
const enUS: Record<MessageKey, string> = { ...enCommon, ...enAuth, ...enAreas, ...enIdentity, ...enDirectory, ...enConnectivity, ...enCalendar, ...enDeadlines, ...enSharing, ...enDashboard, ...enSync };

const catalogs: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * `{name}` is replaced by the value; `{name:one|other}` by the word that agrees with it in English
 * (`{count} {count:record|records}`): Chinese needs no such form, English reads "1 records" without.
 */
export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, vars) =>
    catalog[key].replace(/\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
      const value = vars?.[name];
      if (one === undefined) return String(value ?? whole);
      return Number(value) === 1 ? one : other!;
    });
}

export const MESSAGE_KEYS = Object.keys(zhCN) as MessageKey[];

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/** Why a change of another region's data was not saved here, and where to make it (details of the refusal). */
export function consoleRegionText(t: Translate, d: Record<string, unknown>): string {
  return t('error.outsideConsoleRegion', { regionName: String(d.regionName), region: String(d.region), consoleRegionName: String(d.consoleRegionName), consoleRegion: String(d.consoleRegion) });
}
