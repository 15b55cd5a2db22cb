// "Copy embed code": the iframe snippet that shows the current scenario in the embedded view
// (the scenario link with `?embed`: the cluster, the time bar and the caption line, no page around
// them), sized for slides (960×540).

import { useState } from 'react';
import { useLabStore } from '../../store';

export const EMBED_WIDTH = 960;
export const EMBED_HEIGHT = 540;

/** `href` with the `embed` flag set (`embed` true) or removed, keeping the rest of the query and the hash. */
export function embedUrl(href: string, embed = true): string {
  const u = new URL(href);
  const params = u.search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && p !== 'embed' && !p.startsWith('embed='));
  if (embed) params.unshift('embed');
  return `${u.origin}${u.pathname}${params.length ? `?${params.join('&')}` : ''}${u.hash}`;
}

/** Is `?embed` on this page's address? */
export function isEmbed(search: string): boolean {
  return new URLSearchParams(search).has('embed');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The iframe snippet for a scenario link. */
export function embedSnippet(link: string, title: string): string {
  return `<iframe src="${escapeAttr(embedUrl(link))}" width="${EMBED_WIDTH}" height="${EMBED_HEIGHT}" title="${escapeAttr(title)}" style="border:0" allow="fullscreen" loading="lazy"></iframe>`;
}

export function SharePanel() {
  const links = useLabStore((s) => s.scenarioLinks);
  const title = useLabStore((s) => s.shapes.find((x) => x.id === s.spec.protocol)?.title ?? s.spec.protocol);
  const [status, setStatus] = useState('');
  const [snippet, setSnippet] = useState('');
  if (!links) return null;
  return (
    <section className="share" aria-label="Embed" data-testid="share-panel">
      <button
        type="button"
        onClick={async () => {
          const code = embedSnippet(await links.currentUrl(), `Janus Lab: ${title}`);
          setSnippet(code);
          try {
            await navigator.clipboard.writeText(code);
            setStatus('Embed code copied.');
          } catch {
            setStatus('Copy the embed code below by hand.');
          }
        }}
      >
        Copy embed code
      </button>
      <span role="status" data-testid="embed-status">
        {status}
      </span>
      {snippet && (
        <label className="embed-code">
          <span className="sr-only">Embed code</span>
          <textarea readOnly rows={2} value={snippet} data-testid="embed-code" onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </section>
  );
}
