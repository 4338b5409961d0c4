import { Steps } from 'antd';
import type { CaseStage } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { label } from '../../labels';

const PATH: CaseStage[] = ['raised', 'accepted', 'assigned', 'decided', 'remedied', 'closed'];

/**
 * Where the case stands on its usual path. An inadmissible case stops at acceptance (in red); a case
 * awaiting information stays at the assigned step, marked as waiting.
 */
export function CaseStepper({ stage }: { stage: CaseStage }) {
  const t = useT();
  const at = stage === 'inadmissible' ? 1 : stage === 'awaiting-info' ? 2 : PATH.indexOf(stage);
  return (
    <Steps
      size="small"
      current={at}
      status={stage === 'inadmissible' ? 'error' : stage === 'closed' ? 'finish' : 'process'}
      data-testid="case-stepper"
      items={PATH.map((s, i) => ({
        title: i === 1 && stage === 'inadmissible' ? label.stage(t, 'inadmissible') : i === 2 && stage === 'awaiting-info' ? label.stage(t, 'awaiting-info') : label.stage(t, s),
      }))}
    />
  );
}
