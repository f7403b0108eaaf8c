import type { Model } from '../model/parse';

/**
 * A named part of a file that findings belong to: a Kubernetes object, a Compose service, a
 * Dockerfile stage. Config suppressions select by these names and the baseline records them,
 * because names survive edits that move lines.
 */
export interface ResourceSpan {
  /** `Deployment/web`, `service/web`, `stage/builder` (or `stage/0` for an unnamed stage). */
  name: string;
  /** Other spellings that select the same resource (`Deployment/shop/web`, `stage/1`). */
  aliases: readonly string[];
  lines: { first: number; last: number };
}

export function resourceSpans(model: Model): ResourceSpan[] {
  const source = model.source;
  const linesOf = (range: readonly number[] | null | undefined) => {
    const [start = 0, end = 0] = range ?? [];
    const { start: first, end: last } = source.rangeAt(start, end);
    return { first: first.line, last: last.line };
  };
  switch (model.kind) {
    case 'kubernetes':
      return model.objects.map((object) => {
        const name = object.name === undefined ? object.kind : `${object.kind}/${object.name}`;
        const aliases = object.namespace && object.name ? [`${object.kind}/${object.namespace}/${object.name}`] : [];
        return { name, aliases, lines: linesOf(object.node.range) };
      });
    case 'compose':
      return model.services.map((service) => ({
        name: `service/${service.name}`,
        aliases: [],
        lines: { first: service.nameRange.start.line, last: linesOf(service.node.range).last },
      }));
    case 'dockerfile':
      return model.stages.map((stage) => {
        const last = stage.instructions.at(-1) ?? stage.from;
        return {
          name: `stage/${stage.name ?? stage.index}`,
          aliases: stage.name ? [`stage/${stage.index}`] : [],
          lines: { first: stage.from.getRange().start.line, last: last.getRange().end.line },
        };
      });
  }
}

/** The innermost resource holding a line; undefined outside every resource. */
export function resourceAt(spans: readonly ResourceSpan[], line: number): ResourceSpan | undefined {
  return spans
    .filter((span) => line >= span.lines.first && line <= span.lines.last)
    .sort((a, b) => a.lines.last - a.lines.first - (b.lines.last - b.lines.first))[0];
}

export function resourceMatches(span: ResourceSpan, selector: string): boolean {
  return span.name === selector || span.aliases.includes(selector);
}
