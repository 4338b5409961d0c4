import { Tag } from 'antd';
import type { PlatformState } from '../../../../shared/connectivity';
import { useT } from '../../../hooks';
import { label, STATE_COLOR } from '../labels';

/** The state in words on its colour (colour alone would fail colour-blind readers). */
export function StateTag({ state }: { state: PlatformState }) {
  const t = useT();
  const light = state === 'pending';
  return (
    <Tag color={STATE_COLOR[state]} style={light ? { color: '#595959' } : undefined} data-testid="platform-state" data-state={state}>
      {label.state(t, state)}
    </Tag>
  );
}

export function StateDot({ state }: { state: PlatformState }) {
  return <span aria-hidden style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: STATE_COLOR[state], flexShrink: 0 }} />;
}
