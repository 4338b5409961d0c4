import type { PlatformSummary } from '../../../../shared/connectivity';

export interface ChainNode {
  platform: PlatformSummary;
  children: ChainNode[];
  /** The platform is down or reports its upstream link broken: its link to its parent is broken. */
  linkBroken: boolean;
  /** Something above it severs it from the national hub. */
  cutOff: boolean;
  /** It names a parent that is not in the list (outside the reader's scope). */
  orphan: boolean;
  /** It or a descendant has a broken link or is cut off. */
  troubled: boolean;
}

const severs = (p: PlatformSummary) => p.state === 'down' || p.upstreamOk === false;

/**
 * The cascade as trees by parentId. A platform that severs breaks the link to its parent, and every
 * platform beneath it is cut off from the national hub, since data flows only along these links.
 */
export function buildChains(platforms: readonly PlatformSummary[]): { roots: ChainNode[]; broken: number; cutOff: number } {
  const nodes = new Map<number, ChainNode>();
  for (const p of platforms) nodes.set(p.id, { platform: p, children: [], linkBroken: false, cutOff: false, orphan: false, troubled: false });
  const roots: ChainNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.platform.parentId === null ? undefined : nodes.get(node.platform.parentId);
    if (parent) parent.children.push(node);
    else {
      node.orphan = node.platform.parentId !== null;
      roots.push(node);
    }
  }
  const byName = (a: ChainNode, b: ChainNode) => a.platform.regionCode.localeCompare(b.platform.regionCode) || a.platform.name.localeCompare(b.platform.name, 'zh-CN');
  let broken = 0;
  let cutOff = 0;
  // Depth first with an explicit stack: a malformed registry with a cycle is not reachable from a
  // root, so it cannot loop here, and deep chains cannot overflow the call stack.
  const visit = (root: ChainNode) => {
    const order: ChainNode[] = [];
    const stack: Array<{ node: ChainNode; severedAbove: boolean }> = [{ node: root, severedAbove: false }];
    while (stack.length > 0) {
      const { node, severedAbove } = stack.pop()!;
      order.push(node);
      node.children.sort(byName);
      node.linkBroken = severs(node.platform) && (node.platform.parentId !== null || node.platform.level !== 'national');
      node.cutOff = severedAbove;
      if (node.linkBroken) broken++;
      if (node.cutOff) cutOff++;
      for (const child of node.children) stack.push({ node: child, severedAbove: severedAbove || severs(node.platform) });
    }
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i]!;
      node.troubled = node.linkBroken || node.cutOff || node.children.some((c) => c.troubled);
    }
  };
  roots.sort(byName).forEach(visit);
  return { roots, broken, cutOff };
}
