// The tour player and the tour workshop (issue 12, docs/tours.md).
//
// * <TourCaption variant>: the open tour's caption beside the cluster (page, Present and embed):
//   the step's text with its highlights, progress dots (each a button), Back / Next, "Try it", and
//   Leave tour. While a tour is open, → Space PageDown play to the next step and ← PageUp go back.
// * <TourPanel>: the page's slot under the cluster: the caption, and the workshop (the list of
//   tours, "Add a caption here", the captions being written with edit / move / delete, Share tour,
//   Export tour, Import tour).
//
// Captions come from links and files: they are rendered as text (React escapes it), with **bold**,
// *italics* and `code` only, and a link is clickable only when it leads to this app.

import { useEffect, useState, type ReactNode } from 'react';
import { useLabStore, useShallow, useTour, useTourApi, type TourHighlights, type TourStep } from '../../store';
import { download, FileInput } from '../files';
import './tour.css';

export type TourVariant = 'page' | 'present' | 'embed';

/** Is this URL a link into this app (same page), so that it may be clickable? */
function ownLink(token: string): string | null {
  if (/^#(tour|gallery)\/[A-Za-z0-9+_-]{1,60}$/.test(token) || /^#s\d{1,6}\.[A-Za-z0-9_-]+$/.test(token)) return token;
  try {
    const u = new URL(token);
    const here = new URL(window.location.href);
    if (u.origin === here.origin && u.pathname === here.pathname && (u.protocol === 'http:' || u.protocol === 'https:')) return u.href;
  } catch {
    return null;
  }
  return null;
}

const TOKEN = /(\*\*[^*\n]+?\*\*|\*[^*\s][^*\n]*?\*|`[^`\n]+`|https?:\/\/[^\s<>"'`]+|#(?:tour|gallery)\/[A-Za-z0-9+_-]+|#s\d{1,6}\.[A-Za-z0-9_-]+)/g;

/** A caption's text: plain text with **bold**, *italics*, `code` and links into this app; nothing else. */
export function CaptionText({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  let k = 0;
  for (const m of text.matchAll(TOKEN)) {
    const tok = m[0];
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    if (tok.startsWith('**')) out.push(<strong key={k++}>{tok.slice(2, -2)}</strong>);
    else if (tok.startsWith('`')) out.push(<code key={k++}>{tok.slice(1, -1)}</code>);
    else if (tok.startsWith('*')) out.push(<em key={k++}>{tok.slice(1, -1)}</em>);
    else {
      // A link: trailing punctuation is the sentence's, not the link's.
      const trail = /[.,;:!?)]+$/.exec(tok)?.[0] ?? '';
      const url = tok.slice(0, tok.length - trail.length);
      const own = ownLink(url);
      out.push(
        own ? (
          <a key={k++} href={own} data-testid="tour-caption-link">
            {url}
          </a>
        ) : (
          url
        ),
      );
      if (trail) out.push(trail);
    }
    last = at + tok.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/** What a step points at, in words. */
function highlightWords(h: TourHighlights): string {
  const parts: string[] = [];
  if (h.nodes?.length) parts.push(h.nodes.join(', '));
  if (h.message !== undefined) parts.push(`message #${h.message}`);
  for (const e of h.entries ?? []) parts.push(`${e.node} entr${e.from === e.to ? `y ${e.from}` : `ies ${e.from}–${e.to}`}`);
  if (h.replicationSet) parts.push('the replication set');
  return parts.join(' · ');
}

const cssId = (s: string) => (typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/[^A-Za-z0-9_-]/g, ''));

/** The highlights of the shown step, drawn over the picture with the test hooks' selectors. */
function HighlightStyle({ step, nodes }: { step: TourStep | undefined; nodes: readonly string[] }) {
  if (!step) return null;
  const sel: string[] = [];
  for (const n of nodes) sel.push(`[data-testid="node-${cssId(n)}"]`);
  if (step.highlights.message !== undefined) sel.push(`[data-testid="msg"][data-id="${step.highlights.message}"]`);
  for (const e of step.highlights.entries ?? []) for (let i = e.from; i <= Math.min(e.to, e.from + 200); i++) sel.push(`[data-testid="entry-${cssId(e.node)}-${i}"]`);
  if (!sel.length) return null;
  return <style data-testid="tour-highlight-style">{`${sel.join(',\n')} { filter: drop-shadow(0 0 4px var(--tour-glow, #f5a623)) drop-shadow(0 0 2px var(--tour-glow, #f5a623)); outline: 3px solid var(--tour-glow, #f5a623); outline-offset: 2px; }`}</style>;
}

/** While a tour is open: → Space PageDown next, ← PageUp back (before the page's own shortcuts). */
function useTourKeys(on: boolean) {
  const api = useTourApi();
  useEffect(() => {
    if (!on) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      const next = e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ';
      const back = e.key === 'ArrowLeft' || e.key === 'PageUp';
      if (!next && !back) return;
      // Space on a focused button presses the button (the page's rule for shortcuts).
      if (e.key === ' ' && t && t.tagName === 'BUTTON') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (next) api.getState().next();
      else api.getState().back();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [on, api]);
}

/** The open tour's caption, beside the cluster. Renders nothing when no tour is open. */
export function TourCaption({ variant = 'page' }: { variant?: TourVariant }) {
  const s = useTour(
    useShallow((x) => ({ tour: x.tour, step: x.step, target: x.target, problem: x.problem, forked: x.forked, hash: x.hash, nodes: x.highlightNodes, message: x.message })),
  );
  const api = useTourApi();
  useTourKeys(s.tour !== null);
  if (!s.tour) return null;
  const { tour, step } = s;
  const cur = tour.steps[step];
  const n = tour.steps.length;
  return (
    <section
      className={`tour-caption tour-${variant}`}
      aria-label="Tour"
      data-testid="tour-panel"
      data-step={step + 1}
      data-steps={n}
      data-playing={s.target !== null ? 'true' : 'false'}
      data-forked={s.forked ? 'true' : 'false'}
      data-trace-hash={s.hash}
      data-tour-id={tour.id ?? ''}
    >
      <HighlightStyle step={s.target === null ? cur : undefined} nodes={s.nodes} />
      <header className="tour-head">
        <h2 className="tour-title">{tour.title}</h2>
        <span className="tour-count" data-testid="tour-count">
          Step {step + 1} of {n}
          {s.target !== null ? ` · playing to step ${s.target + 1}…` : ''}
        </span>
      </header>
      {s.problem && (
        <p className="tour-problem" data-testid="tour-problem" role="status">
          {s.problem}
        </p>
      )}
      <p className="tour-text" data-testid="tour-caption" aria-live="polite">
        {cur ? <CaptionText text={cur.text} /> : null}
      </p>
      {cur && highlightWords(cur.highlights) && (
        <p className="tour-look" data-testid="tour-highlights">
          Look at: {highlightWords(cur.highlights)}
        </p>
      )}
      {s.message && s.message.text !== s.problem && (
        <p className={`tour-message ${s.message.kind}`} data-testid="tour-message" role="status">
          {s.message.text}
        </p>
      )}
      <nav className="tour-nav" aria-label="Tour steps">
        <button type="button" onClick={() => api.getState().back()} disabled={step === 0 && s.target === null} aria-label="Back" title="Back (← or PageUp)">
          ← Back
        </button>
        <ol className="tour-dots">
          {tour.steps.map((_, k) => (
            <li key={k}>
              <button
                type="button"
                className={`tour-dot${k === step ? ' current' : ''}${k < step ? ' done' : ''}`}
                aria-label={`Step ${k + 1}`}
                aria-current={k === step ? 'step' : undefined}
                data-testid={`tour-dot-${k + 1}`}
                onClick={() => api.getState().jump(k)}
              />
            </li>
          ))}
        </ol>
        <button type="button" className="primary" onClick={() => api.getState().next()} disabled={step === n - 1 && s.target === null} aria-label="Next" title="Next (→, Space or PageDown)">
          Next →
        </button>
      </nav>
      <div className="tour-actions">
        {cur?.tryIt && !s.forked && (
          <button type="button" onClick={() => api.getState().tryIt()} data-testid="tour-try">
            Try it: {cur.tryIt}
          </button>
        )}
        {variant !== 'embed' && (
          <button type="button" onClick={() => api.getState().close()}>
            Leave tour
          </button>
        )}
      </div>
    </section>
  );
}

/** The list of tours and the workshop for writing one. */
function TourWorkshop() {
  const s = useTour(useShallow((x) => ({ tour: x.tour, step: x.step, authoring: x.authoring, list: x.list, shareUrl: x.shareUrl, message: x.message })));
  const api = useTourApi();
  const loadPlugins = useLabStore((x) => x.loadPlugins);
  const [copied, setCopied] = useState('');
  const writing = s.authoring && s.tour;
  return (
    <section className="tour-workshop" aria-label="Tours" data-testid="tour-workshop">
      <div className="tour-tools">
        <button type="button" onClick={() => api.getState().addCaption()} title="Pin a caption to the moment the lab shows now">
          Add a caption here
        </button>
        {s.tour && (
          <>
            <button
              type="button"
              onClick={async () => {
                const url = await api.getState().share();
                if (!url) return;
                try {
                  await navigator.clipboard.writeText(url);
                  setCopied('Tour link copied.');
                } catch {
                  setCopied('Copy the link below.');
                }
              }}
            >
              Share tour
            </button>
            <button
              type="button"
              onClick={() => {
                const f = api.getState().exportScript();
                if (f) download(f.name, f.text, 'text/plain');
              }}
            >
              Export tour
            </button>
            {!s.authoring && (
              <button type="button" onClick={() => api.getState().setAuthoring(true)}>
                Edit captions
              </button>
            )}
          </>
        )}
        <FileInput label="Import tour" accept=".txt,text/plain" testid="tour-import" onFile={async (file) => void api.getState().importScript(file.size > 1024 * 1024 ? 'x'.repeat(300 * 1024) : await file.text())} />
        <span role="status" data-testid="tour-copy-status">
          {copied}
        </span>
      </div>
      {!s.tour && s.message && (
        <p className={`tour-message ${s.message.kind}`} data-testid="tour-message" role="status">
          {s.message.text}
        </p>
      )}
      {s.shareUrl && (
        <label className="tour-link">
          Tour link ({s.shareUrl.length.toLocaleString('en')} characters){' '}
          <input type="text" readOnly value={s.shareUrl} data-testid="tour-link" onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
      {writing && (
        <ol className="tour-list-edit" aria-label="Captions" data-testid="tour-captions">
          {s.tour!.steps.map((st, k) => (
            <li key={k} className={k === s.step ? 'current' : ''}>
              <button type="button" className="linkish" onClick={() => api.getState().jump(k)} aria-label={`Go to caption ${k + 1}`}>
                {k + 1}. {st.at.t.toFixed(1)} ms
              </button>
              <textarea aria-label={`Caption ${k + 1}`} data-testid={`tour-edit-${k + 1}`} maxLength={1000} rows={2} value={st.text} onChange={(e) => api.getState().editCaption(k, e.currentTarget.value)} />
              <span className="tour-edit-buttons">
                <button type="button" onClick={() => api.getState().moveCaption(k, -1)} disabled={k === 0} aria-label={`Move caption ${k + 1} up`}>
                  ↑
                </button>
                <button type="button" onClick={() => api.getState().moveCaption(k, 1)} disabled={k === s.tour!.steps.length - 1} aria-label={`Move caption ${k + 1} down`}>
                  ↓
                </button>
                <button type="button" onClick={() => api.getState().deleteCaption(k)} aria-label={`Delete caption ${k + 1}`}>
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {/* Opening the list loads the plug-ins not loaded yet: their tours join it (as the gallery does). */}
      <details className="tour-list" onToggle={(e) => void (e.currentTarget.open && loadPlugins())}>
        <summary>Tours{s.list.length ? ` (${s.list.length})` : ''}</summary>
        <ul data-testid="tour-list">
          {s.list.map((t) => (
            <li key={t.id}>
              <a href={`#tour/${t.id}`} data-testid={`tour-open-${t.id}`}>
                {t.title}
              </a>
              <p>{t.summary}</p>
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

/** The page's tour slot, under the cluster: the open tour's caption, then the workshop. */
/**
 * The tour's caption and its workshop. On wide screens the page shows the caption of an open tour
 * beside the cluster, at the top of the side column (`part="caption"`), and keeps the workshop under
 * the cluster (`part="workshop"`); elsewhere both sit under the cluster.
 */
export function TourPanel({ part = 'both' }: { part?: 'caption' | 'workshop' | 'both' }) {
  return (
    <div className={`tour-slot tour-slot-${part}`}>
      {part !== 'workshop' && <TourCaption variant="page" />}
      {part !== 'caption' && <TourWorkshop />}
    </div>
  );
}

/** Is a tour open? (For Present and embed: show the tour's caption instead of the caption line.) */
export function useTourOpen(): boolean {
  return useTour((x) => x.tour !== null);
}
