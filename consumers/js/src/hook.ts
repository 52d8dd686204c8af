// The seam for optional tracing: `@kassa/engine/otel` (otel.ts) installs a hook here; until then every engine
// call runs straight through, so a bundle without that entry carries only this module.

/** Runs `run`, the engine call `op` (a key of conformance/otel/spans.json's spans) on `target` with `input`. */
export type Hook = <R>(op: string, run: () => R, target?: unknown, input?: unknown) => R;

let hook: Hook | undefined;

/** Installs `h` (none: calls run untraced); returns the hook it replaces (bench/otel.mjs switches them). */
export function setHook(h: Hook | undefined): Hook | undefined {
  const was = hook;
  hook = h;
  return was;
}

export function traced<R>(op: string, run: () => R, target?: unknown, input?: unknown): R {
  return hook ? hook(op, run, target, input) : run();
}
