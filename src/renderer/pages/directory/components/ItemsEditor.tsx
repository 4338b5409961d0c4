import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { ITEM_TYPES, MOUNT_KINDS, SHARING_ATTRIBUTES } from '../../../../shared/directory';
import { useT } from '../../../hooks';
import { label, optionsOf } from '../labels';

/** The entry's data items, one editable row each (name, type, length, description, sharing). */
export function ItemsEditor() {
  const t = useT();
  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {fields.map((field, index) => (
            <Space key={field.key} align="start" wrap data-testid={`item-row-${index}`}>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('dir.issue.required') }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('dir.items.name')} aria-label={`${t('dir.items.name')} ${index + 1}`} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'type']} style={{ marginBottom: 0 }}>
                <Select aria-label={`${t('dir.items.type')} ${index + 1}`} options={optionsOf(ITEM_TYPES, (v) => label.itemType(t, v))} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'length']} style={{ marginBottom: 0 }}>
                <InputNumber placeholder={t('dir.items.length')} aria-label={`${t('dir.items.length')} ${index + 1}`} min={0} max={1_000_000} style={{ width: 90 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'description']} style={{ marginBottom: 0 }}>
                <Input placeholder={t('dir.items.description')} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'sharing']} style={{ marginBottom: 0 }}>
                <Select aria-label={`${t('dir.items.sharing')} ${index + 1}`} options={optionsOf(SHARING_ATTRIBUTES, (v) => label.sharing(t, v))} style={{ width: 130 }} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={t('dir.items.remove')} onClick={() => remove(field.name)} disabled={fields.length === 1} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ name: '', type: 'string', length: null, description: '', sharing: 'unconditional' })}>
            {t('dir.items.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}

/** Tables, APIs and files that deliver the entry's data. */
export function MountsEditor() {
  const t = useT();
  return (
    <Form.List name="mounts">
      {(fields, { add, remove }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap>
              <Form.Item name={[field.name, 'name']} rules={[{ required: true, message: t('dir.issue.required') }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('dir.mounts.name')} style={{ width: 180 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 0 }}>
                <Select options={optionsOf(MOUNT_KINDS, (v) => label.mountKind(t, v))} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'locator']} rules={[{ required: true, message: t('dir.issue.required') }]} style={{ marginBottom: 0 }}>
                <Input placeholder={t('dir.mounts.locator')} style={{ width: 280 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'lastUpdated']} style={{ marginBottom: 0 }}>
                <Input type="date" aria-label={t('dir.mounts.lastUpdated')} style={{ width: 150 }} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={t('dir.items.remove')} onClick={() => remove(field.name)} />
            </Space>
          ))}
          <Button icon={<PlusOutlined />} onClick={() => add({ name: '', kind: 'table', locator: '', lastUpdated: '' })}>
            {t('dir.mounts.add')}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
