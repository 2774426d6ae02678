/**
 * Raw article text with highlighted spans. The text is cut at every span boundary and rendered as React
 * text nodes only (never as HTML), so overlapping spans (an entity inside an evidence sentence) nest.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface Highlight {
  start: number;
  end: number;
  /** person | place | group | date | evidence (CSS class `hl-<kind>`). */
  kind: string;
  /** Tooltip: rule id, lexicon entry … */
  title: string;
  /** Marks the evidence span to scroll to. */
  focus?: boolean;
  /** data-event on evidence spans. */
  eventId?: number;
}

interface Segment {
  start: number;
  end: number;
  covering: Highlight[];
}

function segments(length: number, highlights: readonly Highlight[]): Segment[] {
  const cuts = new Set<number>([0, length]);
  const valid = highlights.filter((h) => h.start >= 0 && h.end <= length && h.end > h.start);
  for (const h of valid) {
    cuts.add(h.start);
    cuts.add(h.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    out.push({ start, end, covering: valid.filter((h) => h.start <= start && h.end >= end) });
  }
  return out;
}

interface Props {
  text: string;
  highlights: readonly Highlight[];
  className?: string;
  testId?: string;
}

export function HighlightedText({ text, highlights, className, testId }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = ref.current;
    const el = box?.querySelector<HTMLElement>('mark.focus');
    if (!box || !el) return;
    // A scrolling box (reports side by side) scrolls itself only; a full article scrolls the page.
    if (box.scrollHeight > box.clientHeight + 1)
      box.scrollTop = Math.max(0, el.offsetTop - box.clientHeight / 4);
    else el.scrollIntoView({ block: 'center' });
  }, [text, highlights]);

  const nodes: ReactNode[] = segments(text.length, highlights).map((seg) => {
    const piece = text.slice(seg.start, seg.end);
    if (seg.covering.length === 0) return piece;
    // Evidence outermost (a <mark>), entities inside it, innermost the shortest span.
    const evidence = seg.covering.filter((h) => h.kind === 'evidence');
    const entities = seg.covering
      .filter((h) => h.kind !== 'evidence')
      .sort((a, b) => b.end - b.start - (a.end - a.start));
    let node: ReactNode = piece;
    for (const h of entities) {
      node = (
        <span className={`hl hl-${h.kind}`} title={h.title} data-kind={h.kind}>
          {node}
        </span>
      );
    }
    for (const h of evidence) {
      node = (
        <mark
          className={`hl-evidence${h.focus ? ' focus' : ''}`}
          title={h.title}
          data-kind="evidence"
          data-event={h.eventId}
        >
          {node}
        </mark>
      );
    }
    return <span key={seg.start}>{node}</span>;
  });

  return (
    <div ref={ref} className={`article-text ${className ?? ''}`} data-testid={testId} dir="rtl" lang="ar">
      {nodes}
    </div>
  );
}
