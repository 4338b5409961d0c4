import { Alert, Button, Card, Flex, Space, Spin, Switch, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../../hooks';
import { EmptyRegistry } from '../components/EmptyRegistry';
import { MonitorBanner } from '../components/MonitorBanner';
import { StateDot } from '../components/StateTag';
import { label } from '../labels';
import { useOverview } from '../useOverview';
import { buildChains, type ChainNode } from './chains';

/** The cascade national → provincial → municipal → county, and where it is broken. */
export function HierarchyPage() {
  const t = useT();
  const navigate = useNavigate();
  const { overview, error } = useOverview();
  const [onlyProblems, setOnlyProblems] = useState(false);
  const chains = useMemo(() => buildChains(overview?.platforms ?? []), [overview]);
  const [expanded, setExpanded] = useState<React.Key[] | null>(null);

  const { treeData, allKeys, defaultKeys } = useMemo(() => {
    const all: string[] = [];
    const defaults: string[] = [];
    const toData = (node: ChainNode, depth: number): DataNode | null => {
      if (onlyProblems && !node.troubled) return null;
      const key = String(node.platform.id);
      const children = node.children.map((c) => toData(c, depth + 1)).filter((c): c is DataNode => c !== null);
      if (children.length > 0) {
        all.push(key);
        // Open the top two levels, and every chain with a problem so it is seen without digging.
        if (depth < 1 || node.troubled) defaults.push(key);
      }
      return { key, title: <NodeTitle node={node} />, children, isLeaf: children.length === 0 };
    };
    const data = chains.roots.map((r) => toData(r, 0)).filter((c): c is DataNode => c !== null);
    return { treeData: data, allKeys: all, defaultKeys: defaults };
  }, [chains, onlyProblems]);

  if (!overview && !error) return <Spin />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {overview && <MonitorBanner monitor={overview.monitor} />}
      {error && <Alert type="error" showIcon message={error} />}
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('conn.hier.intro')}</Typography.Paragraph>
        <Flex gap={12} align="center" wrap>
          <Typography.Text strong data-testid="chain-summary">
            {t('conn.hier.summary', { broken: chains.broken, cutOff: chains.cutOff })}
          </Typography.Text>
          <Space>
            <Switch checked={onlyProblems} onChange={setOnlyProblems} id="only-problems" />
            <label htmlFor="only-problems">{t('conn.hier.onlyProblems')}</label>
          </Space>
          <Button size="small" onClick={() => setExpanded(allKeys)}>
            {t('conn.hier.expandAll')}
          </Button>
          <Button size="small" onClick={() => setExpanded([])}>
            {t('conn.hier.collapseAll')}
          </Button>
        </Flex>
      </Card>
      <Card size="small">
        {overview && overview.platforms.length === 0 ? (
          <EmptyRegistry elsewhere={overview.monitoredElsewhere} />
        ) : (
          <Tree
            treeData={treeData}
            height={Math.max(300, window.innerHeight - 330)}
            virtual
            blockNode
            showLine
            expandedKeys={expanded ?? defaultKeys}
            onExpand={(keys) => setExpanded(keys)}
            onSelect={(keys) => keys[0] !== undefined && navigate(`/connectivity/platforms/${String(keys[0])}`)}
            data-testid="chain-tree"
          />
        )}
      </Card>
    </Space>
  );
}

function NodeTitle({ node }: { node: ChainNode }) {
  const t = useT();
  const p = node.platform;
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }} data-testid="chain-node" data-platform={p.key}>
      <StateDot state={p.state} />
      <span>{p.name}</span>
      <Typography.Text type="secondary">
        {label.level(t, p.level)} · {label.state(t, p.state)}
      </Typography.Text>
      {node.linkBroken && <Tag color="red">{t('conn.hier.linkBroken')}</Tag>}
      {node.cutOff && <Tag color="orange">{t('conn.hier.cutOff')}</Tag>}
      {node.orphan && <Tag>{t('conn.hier.orphan')}</Tag>}
    </span>
  );
}
