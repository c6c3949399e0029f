// A value this browser remembers between visits (a player's choices). Storage may be off or
// full: then nothing is remembered and nothing fails.

/** `{get(), set(value)}` for one localStorage key; `get` gives null when nothing is stored. */
export function remembered(key) {
  return {
    get() {
      try {
        return localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    set(value) {
      try {
        localStorage.setItem(key, value);
      } catch {
        // Not remembered; the choice still applies to this page.
      }
    },
  };
}
