import { Form, Input, InputNumber, Radio, Rate, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import { DECISIONS, type CaseAction } from '../../../../../shared/sharing';
import { useT } from '../../../../hooks';
import { label } from '../../labels';

export interface CaseActionValues {
  reason?: string;
  party?: 'raiser' | 'respondent';
  question?: string;
  outcome?: (typeof DECISIONS)[number];
  reasoning?: string;
  legalBasis?: string;
  remedyAction?: string;
  remedyDays?: number;
  body?: string;
  stars?: number;
}

/** The fields each step of a case asks for (assignment has a dialog of its own). */
export function CaseActionFields({ action }: { action: CaseAction }) {
  const t = useT();
  const required: Rule = { required: true, whitespace: true, message: t('sh.required') };
  // The contract wants at least two characters in a decision's reasoning and legal basis.
  const atLeastTwo: Rule[] = [required, { min: 2, message: t('sh.required') }];
  const text = (name: keyof CaseActionValues, labelText: string, rules: Rule[] = [required], rows = 4) => (
    <Form.Item name={name} label={labelText} rules={rules}>
      <Input.TextArea rows={rows} maxLength={name === 'body' || name === 'reasoning' ? 5000 : 2000} />
    </Form.Item>
  );
  switch (action) {
    case 'reject':
      return text('reason', t('sh.cact.rejectReason'));
    case 'request-info':
      return (
        <>
          <Form.Item name="party" label={t('sh.cact.party')} rules={[{ required: true, message: t('sh.required') }]}>
            <Radio.Group
              options={[
                { value: 'raiser', label: t('sh.case.party.raiser') },
                { value: 'respondent', label: t('sh.case.party.respondent') },
              ]}
            />
          </Form.Item>
          {text('question', t('sh.cact.question'))}
        </>
      );
    case 'decide':
      return (
        <>
          <Form.Item name="outcome" label={t('sh.case.outcome')} rules={[{ required: true, message: t('sh.required') }]}>
            <Select aria-label={t('sh.case.outcome')} options={DECISIONS.map((d) => ({ value: d, label: label.decision(t, d) }))} />
          </Form.Item>
          {text('reasoning', t('sh.case.reasoning'), atLeastTwo)}
          {text('legalBasis', t('sh.case.legalBasis'), atLeastTwo, 2)}
          {text('remedyAction', t('sh.cact.remedyAction'), [], 2)}
          <Form.Item name="remedyDays" label={t('sh.cact.remedyDays')} extra={t('sh.cact.remedyDaysHelp')}>
            <InputNumber min={1} max={120} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </>
      );
    case 'provide-info':
      return text('body', t('sh.cact.answer'));
    case 'complete-remedy':
      return text('body', t('sh.cact.remedyReport'));
    case 'escalate':
      return text('body', t('sh.cact.escalateReason'));
    case 'rate':
      return (
        <>
          <Form.Item name="stars" label={t('sh.cact.stars')} rules={[{ required: true, message: t('sh.required') }]}>
            <Rate aria-label={t('sh.cact.stars')} />
          </Form.Item>
          {text('body', t('sh.cact.ratingComment'), [], 3)}
        </>
      );
    default:
      return null;
  }
}
