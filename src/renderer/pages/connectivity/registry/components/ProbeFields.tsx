import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { ENDPOINT_KINDS, PROBE_KINDS } from '../../../../../shared/connectivity';
import { useT } from '../../../../hooks';
import { label } from '../../labels';

const COMMON_STATUSES = ['200', '204', '301', '302'].map((s) => ({ value: s, label: s }));

/** The probe settings of the platform form; the HTTP-only fields hide for TCP and TLS probes. */
export function ProbeFields() {
  const t = useT();
  const kind = Form.useWatch(['probe', 'kind']) as string | undefined;
  const number = (name: string, title: string, min: number, max: number) => (
    <Col span={8}>
      <Form.Item name={['probe', name]} label={title}>
        <InputNumber min={min} max={max} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  return (
    <Row gutter={16}>
      <Col span={8}>
        <Form.Item name={['probe', 'kind']} label={t('conn.form.kind')}>
          <Select aria-label={t('conn.form.kind')} options={PROBE_KINDS.map((k) => ({ value: k, label: t(`conn.form.kind.${k}`) }))} />
        </Form.Item>
      </Col>
      <Col span={8}>
        <Form.Item name={['probe', 'endpoint']} label={t('conn.form.endpoint')}>
          <Select aria-label={t('conn.form.endpoint')} options={ENDPOINT_KINDS.map((e) => ({ value: e, label: label.endpoint(t, e) }))} />
        </Form.Item>
      </Col>
      {kind === 'http' && (
        <>
          <Col span={8}>
            <Form.Item name={['probe', 'expectedStatus']} label={t('conn.form.expectedStatus')}>
              <Select mode="tags" aria-label={t('conn.form.expectedStatus')} options={COMMON_STATUSES} tokenSeparators={[',', ' ', '，']} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['probe', 'keyword']} label={t('conn.form.keyword')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['probe', 'assertionPath']} label={t('conn.form.assertionPath')} extra={t('conn.form.pathHelp')}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['probe', 'assertionEquals']} label={t('conn.form.assertionEquals')} extra={t('conn.form.valueHelp')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['probe', 'upstreamPath']} label={t('conn.form.upstreamPath')}>
              <Input maxLength={120} placeholder="upstream.status" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['probe', 'upstreamEquals']} label={t('conn.form.upstreamEquals')}>
              <Input maxLength={200} placeholder="up" />
            </Form.Item>
          </Col>
        </>
      )}
      {number('intervalS', t('conn.form.interval'), 5, 3600)}
      {number('timeoutMs', t('conn.form.timeout'), 200, 60_000)}
      {number('jitterPct', t('conn.form.jitter'), 0, 50)}
      {number('failThreshold', t('conn.form.failThreshold'), 1, 20)}
      {number('recoverThreshold', t('conn.form.recoverThreshold'), 1, 20)}
      {number('certWarnDays', t('conn.form.certWarnDays'), 0, 365)}
      <Col span={8}>
        <Form.Item name={['probe', 'tlsVerify']} label={t('conn.form.tlsVerify')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Col>
    </Row>
  );
}
