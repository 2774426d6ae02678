/** An alert rule's Atom feed (RFC 4287): one entry per incident the rule fired on, newest first. */

export interface FeedEntry {
  id: number;
  incidentId: number;
  title: string;
  summary: string;
  link: string;
  updated: string;
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function atomFeed(feed: {
  id: string;
  title: string;
  link: string;
  updated: string;
  entries: readonly FeedEntry[];
}): string {
  const entries = feed.entries
    .map(
      (e) => `  <entry>
    <id>${escape(`${feed.id}/entries/${e.id}`)}</id>
    <title>${escape(e.title)}</title>
    <link rel="alternate" href="${escape(e.link)}"/>
    <updated>${escape(e.updated)}</updated>
    <summary>${escape(e.summary)}</summary>
  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escape(feed.id)}</id>
  <title>${escape(feed.title)}</title>
  <link rel="self" href="${escape(feed.link)}"/>
  <updated>${escape(feed.updated)}</updated>
  <author><name>marsad</name></author>
${entries}
</feed>
`;
}
