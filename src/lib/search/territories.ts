import { searchWords } from './query.js';

/** One territory of the instance's hierarchy (région ⊃ MRC ⊃ municipalités), decision 088. */
export interface TerritoryNode {
  id: number;
  name: string;
  kind: 'region' | 'mrc' | 'municipalite';
  parentId: number | null;
  aliases: string[];
}

const key = (text: string) => searchWords(text).join(' ');

/**
 * Reads organisations' free-text territories against the hierarchy: « Le Bic, Saint-Fabien et
 * Saint-Eugène-de-Ladrière » serves three territories; a text with a part no name or alias matches is
 * « unmatched », kept as written and shown to the coordination to fix.
 */
export class TerritoryIndex {
  private readonly byKey = new Map<string, TerritoryNode>();
  private readonly byId = new Map<number, TerritoryNode>();
  private readonly children = new Map<number, TerritoryNode[]>();

  constructor(readonly nodes: readonly TerritoryNode[]) {
    for (const node of nodes) {
      this.byId.set(node.id, node);
      for (const name of [node.name, ...node.aliases]) this.byKey.set(key(name), node);
      if (node.parentId !== null) {
        const siblings = this.children.get(node.parentId) ?? [];
        siblings.push(node);
        this.children.set(node.parentId, siblings);
      }
    }
  }

  find(name: string): TerritoryNode | null {
    return this.byKey.get(key(name)) ?? null;
  }

  /** The territories a free text names, or null when one of its parts is unknown. */
  read(text: string): TerritoryNode[] | null {
    const whole = this.find(text);
    if (whole) return [whole];
    const parts = text
      .split(/\s*(?:,|;|\/|\bet\b|&)\s*/u)
      .map((part) => part.trim())
      .filter(Boolean);
    if (parts.length < 2) return null;
    const found = parts.map((part) => this.find(part));
    return found.every((node) => node !== null) ? (found as TerritoryNode[]) : null;
  }

  /** The territory, what contains it (MRC, région) and what it contains: a service there serves the person. */
  related(node: TerritoryNode): Set<number> {
    const ids = new Set<number>();
    for (
      let up: TerritoryNode | undefined = node;
      up;
      up = up.parentId === null ? undefined : this.byId.get(up.parentId)
    )
      ids.add(up.id);
    const stack = [node];
    while (stack.length) {
      const next = stack.pop()!;
      ids.add(next.id);
      stack.push(...(this.children.get(next.id) ?? []));
    }
    return ids;
  }

  /** Region first, then its MRC, then their municipalities: the filter's order, with depth for indentation. */
  ordered(): { node: TerritoryNode; depth: number }[] {
    const out: { node: TerritoryNode; depth: number }[] = [];
    const visit = (node: TerritoryNode, depth: number) => {
      out.push({ node, depth });
      for (const child of this.children.get(node.id) ?? []) visit(child, depth + 1);
    };
    for (const root of this.nodes.filter((node) => node.parentId === null || !this.byId.has(node.parentId)))
      visit(root, 0);
    return out;
  }
}
