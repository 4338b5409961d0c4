import { DatePicker, Segmented, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import quarterOfYear from 'dayjs/plugin/quarterOfYear';
import { useEffect, useRef, useState } from 'react';
import type { Period } from '../../../../shared/indicators';
import { useT } from '../../../hooks';
import { currentMonth, kindOf, type PeriodKind } from '../period';

// antd's quarter picker formats with dayjs' quarter; without the plugin `Q` prints literally.
dayjs.extend(quarterOfYear);

const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year', 'custom'];

/** The first day of a named period, for the picker to show it. */
function startOf(period: Period): Dayjs {
  if (typeof period !== 'string') return dayjs(period.from);
  if (period.includes('Q')) return dayjs(`${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`);
  return dayjs(period.length === 4 ? `${period}-01-01` : `${period}-01`);
}

function named(kind: Exclude<PeriodKind, 'custom'>, day: Dayjs): string {
  if (kind === 'year') return day.format('YYYY');
  if (kind === 'quarter') return `${day.format('YYYY')}-Q${Math.floor(day.month() / 3) + 1}`;
  return day.format('YYYY-MM');
}

/** Month, quarter, year or a range of days; switching the kind keeps the period's start. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (period: Period) => void }) {
  const t = useT();
  const [kind, setKind] = useState<PeriodKind>(kindOf(value));
  // The router renders a new address in a transition: a quick second click must build on the
  // period just chosen, not on the one the address still shows.
  const chosen = useRef(value);
  useEffect(() => {
    chosen.current = value;
  }, [value]);
  const choose = (period: Period) => {
    chosen.current = period;
    onChange(period);
  };
  const start = startOf(value);
  const switchKind = (next: PeriodKind) => {
    const from = startOf(chosen.current);
    setKind(next);
    if (next === 'custom') choose({ from: from.format('YYYY-MM-DD'), to: from.endOf('month').format('YYYY-MM-DD') });
    else choose(named(next, typeof chosen.current === 'string' ? from : dayjs(currentMonth())));
  };
  return (
    <Space size={4} wrap>
      <Segmented<PeriodKind> size="small" value={kind} onChange={switchKind} options={KINDS.map((k) => ({ value: k, label: t(`dash.period.${k}`) }))} aria-label={t('dash.period.label')} />
      {kind === 'custom' ? (
        <DatePicker.RangePicker
          size="small"
          allowClear={false}
          value={typeof value === 'string' ? null : [dayjs(value.from), dayjs(value.to)]}
          onChange={(range) => range?.[0] && range[1] && choose({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })}
          aria-label={t('dash.period.label')}
        />
      ) : (
        <DatePicker
          size="small"
          picker={kind}
          allowClear={false}
          value={start}
          onChange={(day) => day && choose(named(kind, day))}
          aria-label={t('dash.period.label')}
          data-testid="period-picker"
        />
      )}
    </Space>
  );
}
