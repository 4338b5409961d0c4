import { formatPercent, INDICATOR_NAMES, type IndicatorId, type Rag } from '../../../shared/indicators';
import { isMessageKey, type Locale, type MessageKey, type Translate } from '../../locales';

/** One colour per RAG state for cards, cells and tiles alike, so they read as one scale. */
export const RAG_COLOR: Record<Rag | 'none', string> = { green: '#389e0d', amber: '#d48806', red: '#cf1322', none: '#8c8c8c' };
/** Light fills behind numbers (table cells, tiles), dark enough text stays readable on them. */
export const RAG_FILL: Record<Rag | 'none', string> = { green: '#d9f7be', amber: '#ffe7ba', red: '#ffccc7', none: '#f0f0f0' };

/** The shared rounding: the screen and the reports show the same figure. */
export const percent = formatPercent;

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
