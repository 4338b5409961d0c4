import { Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useEffect, useRef, useState } from 'react';
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
  /** Raised after the directory changed on this page (an import): the counts are read again. */
  version: number;
  onSelect(selection: TreeSelection): void;
}

type Node = DataNode & { node: DirectoryNode };

/**
 * National → province → prefecture → county → department, each with its subtree's counts. Levels
 * load when opened; the fixed height makes antd render only the visible rows.
 */
export function DirectoryTree({ rootCode, version, onSelect }: Props) {
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

  const shown = useRef<Node[]>([]);
  shown.current = tree;

  /** A node's children, and again those of the levels that were open below it, so a refresh keeps the tree as it was. */
  const load = async (parent: string, open?: Node[]): Promise<Node[]> => {
    const children = (await call('directory.children', { parent })).map(toNode);
    return Promise.all(
      children.map(async (child) => {
        const before = open?.find((n) => n.key === child.key)?.children as Node[] | undefined;
        return before && child.node.kind === 'region' ? { ...child, children: await load(child.node.key, before) } : child;
      }),
    );
  };

  useEffect(() => {
    let current = true;
    const open = shown.current[0]?.node.key === rootCode ? (shown.current[0].children as Node[] | undefined) : undefined;
    Promise.all([call('regions.get', { code: rootCode }), load(rootCode, open)]).then(
      ([region, children]) => {
        if (!current) return;
        const root: DirectoryNode = { kind: 'region', key: region.code, name: region.name, regionCode: region.code, tally: { published: 0, inReview: 0, drafts: 0 }, hasChildren: true };
        // The root's own tally is the sum of what lies below it plus its own departments.
        root.tally = children.reduce((s, c) => ({ published: s.published + c.node.tally.published, inReview: s.inReview + c.node.tally.inReview, drafts: s.drafts + c.node.tally.drafts }), root.tally);
        setTree([{ ...toNode(root), children }]);
      },
      (e: unknown) => current && setError(errorText(t, e)),
    );
    return () => {
      current = false;
    };
    // toNode and load only format and fetch; the tree reloads when the root or the directory changes.
  }, [rootCode, version, t]);

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
