import type { IndicatorValue } from '../../../../shared/indicators';
import { percent, RAG_COLOR, RAG_FILL } from '../labels';

/** A value on its RAG fill; the tooltip keeps the fraction it came from. */
export function RagCell({ value }: { value: IndicatorValue | undefined }) {
  const rag = value?.rag ?? 'none';
  return (
    <div
      title={value ? `${value.numerator} / ${value.denominator}` : undefined}
      data-rag={rag}
      style={{ background: RAG_FILL[rag], color: RAG_COLOR[rag], fontWeight: 500, padding: '2px 6px', borderRadius: 2, textAlign: 'right' }}
    >
      {percent(value?.value ?? null, value?.id)}
    </div>
  );
}
