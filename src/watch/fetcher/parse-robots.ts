/**
 * robots.txt as RFC 9309 defines it: groups of `User-agent` lines followed by `Allow`/`Disallow` rules;
 * the crawler obeys the groups naming its product token, else the `*` groups; the longest matching rule
 * wins and Allow wins a tie; `*` matches any sequence and a final `$` anchors the end. Pure; never throws.
 */

export interface RobotsRule {
  allow: boolean;
  /** The path pattern, percent-encoding normalised. */
  pattern: string;
}

export interface RobotsRules {
  /** Which group applies: the one naming our product token, the `*` one, or none (everything allowed). */
  readonly group: 'product' | 'any' | 'none';
  readonly rules: readonly RobotsRule[];
  /** Whether a path (with its query, as in the request line) may be fetched. */
  isAllowed(pathAndQuery: string): boolean;
  /** The rule deciding a path, if any. */
  match(pathAndQuery: string): RobotsRule | undefined;
}

interface Group {
  agents: string[];
  rules: RobotsRule[];
}

/**
 * Percent-encodes what is not ASCII (robots.txt files write Arabic paths raw, requests send them
 * encoded) and upper-cases escapes, so that `%d8%a7`, `%D8%A7` and `ا` compare equal.
 */
export function normalizeRobotsPath(path: string): string {
  let out = '';
  for (const char of path) {
    out += char.charCodeAt(0) > 0x7e || char.charCodeAt(0) < 0x21 ? encodeURIComponent(char) : char;
  }
  return out.replace(/%[0-9a-f]{2}/gi, (escape) => escape.toUpperCase());
}

/** The pattern as an anchored regular expression: `*` any sequence, a final `$` the end of the path. */
function compile(pattern: string): RegExp {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`);
}

/** The product token of a `User-agent` value: `marsad/1.0 (+url)` → `marsad`. */
function productToken(value: string): string {
  return (value.split(/[\s/]/, 1)[0] ?? '').toLowerCase();
}

function parseGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | undefined;
  let afterAgentLine = false;
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      // Consecutive User-agent lines share one group; one after rules starts a new group.
      if (!current || !afterAgentLine) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(productToken(value));
      afterAgentLine = true;
    } else if (key === 'allow' || key === 'disallow') {
      afterAgentLine = false;
      // Rules before any User-agent line belong to no group; an empty path is no rule at all.
      if (!current || value === '') continue;
      current.rules.push({ allow: key === 'allow', pattern: normalizeRobotsPath(value) });
    }
    // Other records (Sitemap, Crawl-delay, …) neither end a group nor carry rules.
  }
  return groups;
}

/** The rules of a robots.txt for the crawler whose product token is `product` (lower case). */
export function parseRobots(text: string, product: string): RobotsRules {
  const groups = parseGroups(text);
  const token = product.toLowerCase();
  const ours = groups.filter((group) => group.agents.includes(token));
  const chosen = ours.length > 0 ? ours : groups.filter((group) => group.agents.includes('*'));
  const group = ours.length > 0 ? 'product' : chosen.length > 0 ? 'any' : 'none';
  // Several groups for one agent are merged into one (RFC 9309, 2.2.1).
  const rules = chosen.flatMap((g) => g.rules);
  const compiled = rules.map((rule) => ({ rule, regex: compile(rule.pattern) }));

  const match = (pathAndQuery: string): RobotsRule | undefined => {
    const target = normalizeRobotsPath(pathAndQuery || '/');
    let best: RobotsRule | undefined;
    for (const { rule, regex } of compiled) {
      if (!regex.test(target)) continue;
      const longer = !best || rule.pattern.length > best.pattern.length;
      const allowOnTie = best !== undefined && rule.pattern.length === best.pattern.length && rule.allow;
      if (longer || allowOnTie) best = rule;
    }
    return best;
  };

  return {
    group,
    rules,
    match,
    isAllowed(pathAndQuery) {
      // robots.txt itself is always allowed (RFC 9309, 2.2.2).
      if (pathAndQuery === '/robots.txt') return true;
      return match(pathAndQuery)?.allow ?? true;
    },
  };
}
