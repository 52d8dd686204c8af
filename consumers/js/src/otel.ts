// @kassa/engine/otel: OpenTelemetry spans for engine calls, named and attributed by docs/observability.md
// (conformance/otel/spans.json, which test/otel.test.js runs). An opt-in entry: importing it installs the hook of
// hook.ts, so the default entry carries none of this. Never imports @opentelemetry/api, so bundles without it
// build unchanged: the tracer comes from setTracerProvider or the API's global registration, read per call.

import type { Engine } from './engine.js';
import { KassaError } from './errors.js';
import { setHook } from './hook.js';
import * as N from './otel-names.js';
import { lastCall } from './runtime.js';
import type {
  Cart,
  EngineInfo,
  FieldRequest,
  Order,
  Quote,
  ReplayRecord,
  ShippingOption,
  ValidationReport,
} from './types.js';

type Value = string | number | boolean | string[];
/** The part of an OpenTelemetry span Kassa uses. */
export interface SpanLike {
  isRecording(): boolean;
  setAttribute(key: string, value: Value): unknown;
  addEvent(name: string, attributes?: Record<string, Value>): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  end(): void;
}
/** The part of an OpenTelemetry TracerProvider Kassa uses (any @opentelemetry/api 1.x provider fits). */
export interface TracerProviderLike {
  getTracer(name: string): { startSpan(name: string, options?: { kind?: number }): SpanLike };
}

let explicit: TracerProviderLike | undefined;
let provider: TracerProviderLike | undefined;
let tracer: ReturnType<TracerProviderLike['getTracer']> | undefined;
const infos = new WeakMap<Engine, EngineInfo>();

/** Records Kassa's spans with `p` instead of the global provider of @opentelemetry/api; none: the global one. */
export function setTracerProvider(p?: TracerProviderLike): void {
  explicit = p;
}

// Per engine call (hook.ts's `op`): the span name, and what adds the call's attributes (`r` undefined on failure).
type Attrs = (sp: SpanLike, target: any, input: any, r?: any) => void; // what engine.ts and fields.ts pass
const OPS: Record<string, [string, Attrs]> = {
  load: [N.SPAN_LOAD, (sp, _t, _i, e?: Engine) => e && engineAttrs(sp, e)],
  quote: [N.SPAN_QUOTE, (sp, t, i, r) => quoteAttrs(sp, t, i, r)],
  'shipping-options': [N.SPAN_SHIPPING_OPTIONS, (sp, t, i, r) => shippingAttrs(sp, t, i, r)],
  validate: [N.SPAN_VALIDATE, (sp, t, i, r) => validateAttrs(sp, t, i, r)],
  // the JSON entry points: the same spans; the text is not parsed again for attributes
  'quote-json': [N.SPAN_QUOTE, (sp, t) => engineAttrs(sp, t)],
  'validate-json': [N.SPAN_VALIDATE, (sp, t) => engineAttrs(sp, t)],
  'shipping-options-json': [N.SPAN_SHIPPING_OPTIONS, (sp, t) => engineAttrs(sp, t)],
  'validate-fields': [N.SPAN_VALIDATE_FIELDS, (sp, _t, i) => fieldsAttrs(sp, i)],
  replay: [N.SPAN_REPLAY, (sp, line, cart, r) => replayAttrs(sp, line, cart, r)], // target: the line
};

/** Runs `run` in the span of engine call `op` (hook.ts). */
function traced<R>(op: string, run: () => R, target?: unknown, input?: unknown): R {
  const o = OPS[op];
  if (!o) return run();
  const [name, attrs] = o;
  const onInstance = op !== 'load';
  const p = explicit ?? (globalThis as Record<symbol, { trace?: TracerProviderLike } | undefined>)[GLOBAL]?.trace;
  if (!p) return run();
  if (p !== provider) tracer = (provider = p).getTracer(N.SCOPE);
  const sp = (tracer as NonNullable<typeof tracer>).startSpan(name, { kind: 0 }); // INTERNAL
  if (!sp.isRecording()) {
    try {
      return run();
    } finally {
      sp.end();
    }
  }
  const n = lastCall.n;
  let r: R | undefined;
  let failed = false;
  let error: unknown;
  try {
    r = run();
  } catch (e) {
    failed = true;
    error = e;
  }
  const { reused, discarded } = lastCall; // read before attrs, which may call engine.info()
  try {
    if (onInstance && lastCall.n !== n) {
      sp.setAttribute(N.INSTANCE_REUSED, reused);
      sp.setAttribute(N.INSTANCE_DISCARDED, discarded);
    }
    attrs(sp, target, input, r);
    if (failed) failure(sp, error);
  } catch {
    // the attributes describe the call: reading them must never replace its outcome
  }
  sp.end();
  if (failed) throw error;
  return r as R;
}
const GLOBAL = Symbol.for('opentelemetry.js.api.1');
setHook(traced);

function failure(sp: SpanLike, e: unknown): void {
  const k = e instanceof KassaError && e.code !== 'host-error' ? e : undefined;
  sp.setAttribute(N.ERROR_TYPE, k ? k.code : 'host-error');
  if (k) {
    sp.setAttribute(N.ERROR_PATH, k.path);
    if (k.code === 'limit-exceeded' && k.params.limit !== undefined) sp.setAttribute(N.LIMIT, k.params.limit);
  }
  sp.setStatus({ code: 2, message: e instanceof Error ? e.message : String(e) }); // ERROR
}

export function engineAttrs(sp: SpanLike, engine: Engine): void {
  let info = infos.get(engine);
  if (!info) infos.set(engine, (info = engine.info()));
  sp.setAttribute(N.ENGINE_VERSION, info.engineVersion);
  sp.setAttribute(N.RULEBOOK_ID, info.rulebookId);
  sp.setAttribute(N.RULEBOOK_VERSION, info.rulebookVersion);
  sp.setAttribute(N.RULEBOOK_HASH, info.rulebookHash);
}

function cartAttrs(sp: SpanLike, cart: Partial<Cart> | undefined): void {
  if (typeof cart?.currency === 'string') sp.setAttribute(N.CART_CURRENCY, cart.currency);
  if (Array.isArray(cart?.lines)) sp.setAttribute(N.CART_LINE_COUNT, cart.lines.length);
}

export function quoteAttrs(sp: SpanLike, engine: Engine, cart: Cart, q?: Quote): void {
  engineAttrs(sp, engine);
  cartAttrs(sp, cart);
  if (!q) return;
  sp.setAttribute(N.QUOTE_GRAND_TOTAL, q.grandTotal);
  sp.setAttribute(
    N.QUOTE_PROMOTIONS_APPLIED,
    q.promotions.filter((p) => p.status === 'applied').map((p) => p.id),
  );
  for (const s of q.trace) {
    const a: Record<string, Value> = {
      [N.EXPLAIN_KIND]: s.kind,
      [N.EXPLAIN_PATH]: s.path,
      [N.EXPLAIN_MESSAGE]: s.message,
    };
    for (const [k, v] of Object.entries(s.params)) a[N.EXPLAIN_PARAM_PREFIX + k] = v;
    sp.addEvent(N.EVENT_EXPLAIN, a);
  }
}

export function shippingAttrs(sp: SpanLike, engine: Engine, cart: Cart, options?: ShippingOption[]): void {
  engineAttrs(sp, engine);
  cartAttrs(sp, cart);
  if (options) sp.setAttribute(N.SHIPPING_AVAILABLE_COUNT, options.filter((o) => o.shipping !== null).length);
}

export function validateAttrs(sp: SpanLike, engine: Engine, order: Order, r?: ValidationReport): void {
  engineAttrs(sp, engine);
  cartAttrs(sp, order?.cart);
  if (!r) return;
  sp.setAttribute(N.VALIDATION_VALID, r.valid);
  sp.setAttribute(N.VALIDATION_PROBLEM_COUNT, r.problems.length);
}

export function fieldsAttrs(sp: SpanLike, requests: readonly FieldRequest[]): void {
  if (Array.isArray(requests)) sp.setAttribute(N.FIELDS_COUNT, requests.length);
}

export function replayAttrs(sp: SpanLike, line: unknown, cart: Cart, r?: ReplayRecord): void {
  cartAttrs(sp, cart);
  if (typeof line === 'number' || typeof line === 'bigint') sp.setAttribute(N.REPLAY_LINE, Number(line));
  if (r) sp.setAttribute(N.REPLAY_STATUS, r.status);
}
