// Safety: every property the protocol's monitors check, holding or violated, with a link to
// the event that broke it.

import { useLabStore } from '../store';

export function SafetyPanel() {
  const props = useLabStore((s) => s.properties);
  const seekEvent = useLabStore((s) => s.seekEvent);
  return (
    <section className="panel safety" aria-labelledby="h-safety">
      <h2 id="h-safety">Safety</h2>
      <ul>
        {props.map(({ name, text, violation: v }) => (
          <li key={name} data-testid={`property-${name}`} data-status={v ? 'violated' : 'holds'} className={v ? 'violated' : 'holds'}>
            <span className="badge" aria-hidden="true">
              {v ? '✗' : '✓'}
            </span>
            <span className="pname" title={text}>
              {name}
            </span>
            <span className="pstatus">{v ? 'violated' : 'holds'}</span>
            {v && (
              <div className="pviol">
                {v.message}{' '}
                <button type="button" className="linkish" onClick={() => seekEvent(v.event)}>
                  Go to event #{v.event}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
