import { Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import type { DirectoryNode } from '../../../../shared/directory-query';
import { call } from '../../../api/client';
import { errorText, useT } from '../../../hooks';

export interface TreeSelection {
  region: string;
  regionName: string;
  departmentId?: number;
  departmentName?: string;
}

interface Props {
  rootCode: string;
  onSelect(selection: TreeSelection): void;
}

type Node = DataNode & { node: DirectoryNode };

/**
 * National → province → prefecture → county → department, each with its subtree's counts. Levels
 * load when opened; the fixed height makes antd render only the visible rows.
 */
export function DirectoryTree({ rootCode, onSelect }: Props) {
  const t = useT();
  const [tree, setTree] = useState<Node[]>([]);
  const [error, setError] = useState<string | null>(null);

  const toNode = (n: DirectoryNode): Node => ({
    key: n.kind === 'region' ? `r:${n.key}` : `d:${n.key}`,
    isLeaf: !n.hasChildren,
    node: n,
    title: (
      <span data-testid={`tree-${n.kind}-${n.key}`}>
        {n.name}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }} title={t('dir.tree.counts', { ...n.tally })}>
          {n.tally.published}/{n.tally.inReview}/{n.tally.drafts}
        </Typography.Text>
      </span>
    ),
  });

  useEffect(() => {
    Promise.all([call('regions.get', { code: rootCode }), call('directory.children', { parent: rootCode })]).then(
      ([region, children]) => {
        const root: DirectoryNode = { kind: 'region', key: region.code, name: region.name, regionCode: region.code, tally: { published: 0, inReview: 0, drafts: 0 }, hasChildren: true };
        // The root's own tally is the sum of what lies below it plus its own departments.
        root.tally = children.reduce((s, c) => ({ published: s.published + c.tally.published, inReview: s.inReview + c.tally.inReview, drafts: s.drafts + c.tally.drafts }), root.tally);
        setTree([{ ...toNode(root), children: children.map(toNode) }]);
      },
      (e: unknown) => setError(errorText(t, e)),
    );
    // toNode only formats; the tree reloads when the root changes.
  }, [rootCode, t]);

  const loadData = async (event: EventDataNode<Node>) => {
    if (event.children || event.node.kind !== 'region') return;
    const children = (await call('directory.children', { parent: event.node.key })).map(toNode);
    const attach = (nodes: Node[]): Node[] => nodes.map((n) => (n.key === event.key ? { ...n, children } : n.children ? { ...n, children: attach(n.children as Node[]) } : n));
    setTree((current) => attach(current));
  };

  if (error) return <Typography.Text type="danger">{error}</Typography.Text>;
  return (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('dir.tree.legend')}
      </Typography.Text>
      {/* Mounted once the root is known, so the root opens by default. */}
      {tree.length > 0 && <Tree<Node>
        height={560}
        treeData={tree}
        loadData={loadData}
        defaultExpandedKeys={[`r:${rootCode}`]}
        blockNode
        aria-label={t('dir.tree.title')}
        onSelect={(_, info) => {
          const n = info.node.node;
          if (n.kind === 'region') onSelect({ region: n.key, regionName: n.name });
          else onSelect({ region: n.regionCode, regionName: '', departmentId: Number(n.key), departmentName: n.name });
        }}
      />}
    </div>
  );
}
