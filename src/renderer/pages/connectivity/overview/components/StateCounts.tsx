import { Space, Tag } from 'antd';
import { PLATFORM_STATES, type PlatformState } from '../../../../../shared/connectivity';
import { useT } from '../../../../hooks';
import { label, STATE_COLOR } from '../../labels';

/** The counts per state, each a toggle for the state filter (Enter and Space work on them too). */
export function StateCounts({ counts, selected, onSelect }: { counts: Record<PlatformState, number>; selected?: PlatformState; onSelect(state: PlatformState | undefined): void }) {
  const t = useT();
  const total = PLATFORM_STATES.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
  return (
    <Space wrap size={[8, 8]} data-testid="state-counts">
      <Tag.CheckableTag checked={!selected} onChange={() => onSelect(undefined)} style={{ fontSize: 14, padding: '4px 12px', border: '1px solid #d9d9d9' }}>
        {t('conn.count.all', { count: total })}
      </Tag.CheckableTag>
      {PLATFORM_STATES.map((s) => (
        <Tag.CheckableTag
          key={s}
          checked={selected === s}
          onChange={(on) => onSelect(on ? s : undefined)}
          style={{ fontSize: 14, padding: '4px 12px', border: `1px solid ${STATE_COLOR[s]}` }}
          data-testid={`count-${s}`}
        >
          <span aria-hidden style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: STATE_COLOR[s], marginRight: 6 }} />
          {label.state(t, s)} <b>{counts[s] ?? 0}</b>
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}
