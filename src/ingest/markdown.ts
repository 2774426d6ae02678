/**
 * Plain text from Markdown: the markup characters go (heading marks, emphasis, list bullets, quote marks,
 * link and image syntax, code fences, rules), every other character stays, and so does the line
 * structure (one output line per input line, CRLF read as LF) so a header at the top is still there.
 * A YAML-like front matter block ("---" … "---") is read as metadata. Pure; never throws.
 */

export interface MarkdownDocument {
  text: string;
  /** `key: value` lines of the front matter, keys as written. */
  frontMatter: Record<string, string>;
}

/** Stand-ins for escaped characters while the markup is removed (Private Use Area). */
const ESCAPE_BASE = 0xe000;
const ESCAPABLE = '\\`*_{}[]()#+-.!|>~<';

function protectEscapes(line: string): string {
  return line.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, (_m, ch: string) =>
    String.fromCharCode(ESCAPE_BASE + ESCAPABLE.indexOf(ch)),
  );
}

function restoreEscapes(line: string): string {
  return line.replace(/[\ue000-\ue013]/g, (ch) => ESCAPABLE[ch.charCodeAt(0) - ESCAPE_BASE] ?? ch);
}

/** Markup inside a line: links, images, code, emphasis, inline HTML tags. */
function stripInline(line: string): string {
  let s = line;
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  s = s.replace(/!\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  s = s.replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1');
  s = s.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1');
  s = s.replace(/<((?:https?|ftp):\/\/[^>\s]+|[^@>\s]+@[^>\s]+)>/g, '$1');
  s = s.replace(/(`+)([^`]|[^`].*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => code.trim());
  s = s.replace(/<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g, '');
  // Emphasis: ** and * anywhere; __ and _ only at word edges (a name joined by "_" keeps it), as in
  // CommonMark.
  s = s.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, '$1');
  s = s.replace(/(?<![\p{L}\p{N}])__(?=\S)(.+?)(?<=\S)__(?![\p{L}\p{N}])/gu, '$1');
  s = s.replace(/\*(?=[^\s*])(.+?)(?<=[^\s*])\*/g, '$1');
  s = s.replace(/(?<![\p{L}\p{N}_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\p{L}\p{N}_])/gu, '$1');
  s = s.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1');
  return s;
}

function readFrontMatter(lines: string[]): { end: number; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (lines[0]?.trim() !== '---') return { end: 0, fields };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '---' || line.trim() === '...') {
      for (const l of lines.slice(1, i)) {
        const m = /^\s*([A-Za-z_][\w.-]*)\s*:\s*(.*?)\s*$/.exec(l);
        if (m) fields[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
      }
      return { end: i + 1, fields };
    }
  }
  return { end: 0, fields };
}

/** Reads Markdown as plain text. */
export function readMarkdown(markdown: string): MarkdownDocument {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r?\n/);
  const { end, fields } = readFrontMatter(lines);
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of lines.slice(end)) {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (
        fenceMark &&
        fenceMark[0] === fence[0] &&
        fenceMark.length >= fence.length &&
        !line.trim().slice(fenceMark.length).trim()
      ) {
        fence = null;
        out.push('');
      } else out.push(line);
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      out.push('');
      continue;
    }
    let s = protectEscapes(line);
    // Rules, setext underlines, table separator rows and link reference definitions carry no text.
    if (
      /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(s) ||
      /^\s{0,3}=+\s*$/.test(s) ||
      /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(s) ||
      /^\s{0,3}\[[^\]]+\]:\s*\S+/.test(s)
    ) {
      out.push('');
      continue;
    }
    s = s.replace(/^\s{0,3}(>\s?)+/, '');
    s = s.replace(/^\s{0,3}#{1,6}(\s+|$)/, '').replace(/\s+#+\s*$/, '');
    s = s.replace(/^(\s*)[-*+]\s+(\[[ xX]\]\s+)?/, '$1');
    out.push(restoreEscapes(stripInline(s)).replace(/\s+$/, ''));
  }
  return { text: out.join('\n').replace(/^\n+/, ''), frontMatter: fields };
}
