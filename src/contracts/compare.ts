// A comparison: two shapes of the registry run side by side under the same client workload and
// the same faults mapped by role (src/compare). Presets are listed by the registry (the only file
// that names protocols); the comparison engine and the page read them from there.

export interface ComparePreset {
  /** Preset id, e.g. for `npm run compare -- --preset <id>`. */
  id: string;
  title: string;
  /** One or two sentences: what the two sides promise, and what to look at. */
  text: string;
  /** Registry shape ids of the two sides. */
  left: string;
  right: string;
  /**
   * The claims of the left side's plug-in (`metrics.claims`) are made against the right side's
   * kind of protocol, so this run can give them a verdict. False: the verdicts say "not comparable".
   */
  claimsAgainstRight: boolean;
  /** The role script this preset opens with (a script id of src/compare/script.ts). */
  script: string;
}
