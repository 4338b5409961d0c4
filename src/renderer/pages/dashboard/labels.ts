import { INDICATOR_NAMES, type IndicatorId, type Rag } from '../../../shared/indicators';
import { isMessageKey, type Locale, type MessageKey, type Translate } from '../../locales';

/** One colour per RAG state for cards, cells and tiles alike, so they read as one scale. */
export const RAG_COLOR: Record<Rag | 'none', string> = { green: '#389e0d', amber: '#d48806', red: '#cf1322', none: '#8c8c8c' };
/** Light fills behind numbers (table cells, tiles), dark enough text stays readable on them. */
export const RAG_FILL: Record<Rag | 'none', string> = { green: '#d9f7be', amber: '#ffe7ba', red: '#ffccc7', none: '#f0f0f0' };

/** 0.9512 → "95.1%": one decimal reads at a glance; availability needs two (SLAs are 99.5 / 99.9). */
export function percent(value: number | null, id?: IndicatorId): string {
  if (value === null) return '—';
  const digits = id === 'platforms.availability' ? 2 : 1;
  // Rounded down (89.99% must not read as a 90% target met); the epsilon keeps 0.57 × 10000 = 5699.999… at 5700 (57.00%, not 56.99%).
  return `${(Math.floor(value * 10 ** (digits + 2) + 1e-6) / 10 ** digits).toFixed(digits)}%`;
}

export const indicatorName = (locale: Locale, id: IndicatorId): string => INDICATOR_NAMES[locale][id];

export const label = {
  numerator: (t: Translate, id: IndicatorId) => t(`dash.num.${id}` as MessageKey),
  denominator: (t: Translate, id: IndicatorId) => t(`dash.den.${id}` as MessageKey),
  rag: (t: Translate, rag: Rag | null) => (rag ? t(`dash.rag.${rag}` as MessageKey) : t('dash.noData')),
  level: (t: Translate, level: string) => t(`dash.level.${level}` as MessageKey),
  kind: (t: Translate, kind: string) => t(`dash.kind.${kind}` as MessageKey),
  /** The core sends machine words; an unknown one (a newer core) shows as it is rather than blank. */
  problem: (t: Translate, word: string) => {
    const key = `dash.problem.${word}`;
    return isMessageKey(key) ? t(key) : word;
  },
};
