// Safety: every property the protocol's monitors check, holding or violated, with a link to
// the event that broke it.

import { vocabulary } from '../protocols/view';
import { useLab } from '../store';
import { useRun } from './hooks';

export function SafetyPanel() {
  const { timeline: tl } = useRun();
  const seekEvent = useLab((s) => s.seekEvent);
  const props = tl.sim.monitorProperties;
  const text = vocabulary(tl.protocol).properties;
  return (
    <section className="panel safety" aria-labelledby="h-safety">
      <h2 id="h-safety">Safety</h2>
      <ul>
        {props.map((name) => {
          const v = tl.sim.violations.find((x) => x.property === name);
          return (
            <li key={name} data-testid={`property-${name}`} data-status={v ? 'violated' : 'holds'} className={v ? 'violated' : 'holds'}>
              <span className="badge" aria-hidden="true">
                {v ? '✗' : '✓'}
              </span>
              <span className="pname" title={text[name] ?? ''}>
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
          );
        })}
      </ul>
    </section>
  );
}
