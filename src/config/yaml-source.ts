import { type Document, LineCounter, isScalar, type Node, Scalar } from 'yaml';
import { ConfigError, type SourcePosition } from './config-error.js';

/** A parsed config file: turns YAML node offsets into file:line:column. */
export class YamlSource {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
    private readonly document: Document,
  ) {}

  /** The node as plain data (YAML 1.1 scalars resolved, merge keys applied). */
  toJS(node: Node): unknown {
    return node.toJS(this.document, { maxAliasCount: 1000 });
  }

  positionAt(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  positionOf(node: Node | null | undefined): SourcePosition | undefined {
    return node?.range ? this.positionAt(node.range[0]) : undefined;
  }

  /**
   * Where the text of a scalar starts: block scalars (`|`, `>`) begin on the line
   * after their indicator, so template line numbers are counted from there.
   */
  contentStart(node: Node): SourcePosition | undefined {
    const at = this.positionOf(node);
    if (!at || !isScalar(node)) return at;
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    return block ? { ...at, line: at.line + 1, column: 1 } : at;
  }

  error(reason: string, node: Node | null | undefined, keyPath?: string): ConfigError {
    return new ConfigError(reason, this.positionOf(node), keyPath);
  }
}
