// Engine: a loaded rulebook. Prices carts (quote, shippingOptions), checks orders (validate), describes itself
// (info).

// Kept in the emitted engine.d.ts: users whose `lib` lacks Disposable/Symbol.dispose still type-check (TS >= 5.2).
/// <reference lib="esnext.disposable" preserve="true" />

import type { Engine as RawEngine } from '../gen/interfaces/kassa-engine-engine-api.js';
import { bigInt } from './check.js';
import { hostError } from './errors.js';
import * as fromWire from './from-wire.js';
import * as lift from './lift.js';
import { jsonBytes, wireText } from './wire.js';
import { traced } from './hook.js';
import { call, currentGeneration, hasServerOps, init, lastCall, type InitOptions, type Root } from './runtime.js';
import type {
  Cart,
  CreditNote,
  EngineInfo,
  Order,
  Quote,
  RefundRequest,
  ReplayRecord,
  ShippingOption,
  ValidationReport,
} from './types.js';

// Symbol.dispose exists in Node >= 20 and current browsers; the fallback is the one jco's glue uses.
const u64 = bigInt(0n, 0xffff_ffff_ffff_ffffn);

const disposeSymbol: typeof Symbol.dispose = Symbol.dispose ?? (Symbol.for('dispose') as typeof Symbol.dispose);

/**
 * Throws unless the live build refunds and replays (the server build: node and workerd entries; see
 * `Engine.refund`). `what` names the operation in the message: `refunds`, `replay`.
 */
function serverOpsHere(what: string): void {
  if (!hasServerOps()) {
    throw hostError(
      'not-in-this-build',
      `${what} is not in the browser build of @kassa/engine: call it where the server build runs (the node or workerd entry of the package, Go, Python)`,
    );
  }
}

export class Engine implements Disposable {
  readonly #rulebook: string;
  #handle: RawEngine | undefined;
  #generation = -1;
  #disposed = false;

  private constructor(rulebook: string) {
    this.#rulebook = rulebook;
  }

  /**
   * Loads and checks a rulebook (JSON text, or an object that is serialised with JSON.stringify — the
   * rulebook hash is then that of the serialised text). Loads the wasm first if needed. Rejects with a
   * KassaError listing every problem of a rulebook that does not load.
   */
  static async load(rulebook: string | object, options?: InitOptions): Promise<Engine> {
    if (typeof rulebook !== 'string' && (typeof rulebook !== 'object' || rulebook === null)) {
      throw new TypeError(
        `rulebook must be JSON text or an object, got ${rulebook === null ? 'null' : typeof rulebook}`,
      );
    }
    const text = typeof rulebook === 'string' ? rulebook : JSON.stringify(rulebook);
    await init(options);
    const engine = new Engine(text);
    return traced('load', () => (call((k, gen) => engine.#resource(k, gen)), engine));
  }

  /** The guest-side engine of the live instance; (re)loaded when the instance was replaced after a trap. */
  #resource(k: Root, gen: number): RawEngine {
    if (this.#disposed) throw hostError('disposed', 'this engine was disposed');
    if (this.#handle === undefined || this.#generation !== gen) {
      this.#handle = k.engineApi.Engine.load(this.#rulebook);
      this.#generation = gen;
      lastCall.reused = false; // this call paid for loading the rulebook
    }
    return this.#handle;
  }

  /**
   * Prices a cart. Throws a KassaError when the cart cannot be priced. The cart crosses as its canonical JSON
   * (camelCase keys written kebab-case) and the engine reads it as `quoteJson` does: a value of the wrong type
   * (a number where a decimal string belongs) or an unknown key is `cart-invalid` with each finding at its JSON
   * Pointer, as in every host.
   */
  quote(cart: Cart): Quote {
    return traced('quote', () => fromWire.quote(JSON.parse(this.#quoteJson(wireText(cart)))), this, cart);
  }

  /**
   * Every shipping method of the rulebook for a cart, in rulebook order: each priced as `quote` would price
   * the cart with that method (`shipping`), or unavailable with the problem that quote would report
   * (`unavailable`). The cart's own `shippingMethod` is ignored. Throws a KassaError as `quote` of the cart
   * without a method would (docs/rulebook.md, "shipping.methods").
   */
  shippingOptions(cart: Cart): ShippingOption[] {
    return traced(
      'shipping-options',
      () => (JSON.parse(this.#shippingOptionsJson(wireText(cart))) as unknown[]).map(fromWire.shippingOption),
      this,
      cart,
    );
  }

  /**
   * `shippingOptions` on a cart given as canonical JSON (read as `quoteJson` reads it), returning the options'
   * canonical JSON (a list): the same text in every host.
   */
  shippingOptionsJson(cart: string | Uint8Array): string {
    return traced('shipping-options-json', () => this.#shippingOptionsJson(cart), this);
  }

  #shippingOptionsJson(cart: string | Uint8Array): string {
    const bytes = jsonBytes(cart, 'cart');
    return call((k, gen) => this.#resource(k, gen).shippingOptionsJson(bytes));
  }

  /** Checks an order at checkout; findings are in the report (this does not throw for invalid orders). */
  validate(order: Order): ValidationReport {
    return traced(
      'validate',
      () => fromWire.validationReport(JSON.parse(this.#validateJson(wireText(order)))),
      this,
      order,
    );
  }

  /**
   * Prices a cart given as Kassa's canonical JSON (docs/wire.md: kebab-case keys, decimals as strings) and
   * returns the quote's canonical JSON: the same text in every host. The engine reads the cart strictly: an
   * unknown key (with a "did you mean" for camelCase), a number where a decimal string belongs or text that is
   * not Unicode (a lone surrogate included) throws a KassaError `cart-invalid` with each finding at its JSON
   * Pointer; malformed JSON is `invalid-json`. Bytes are read as UTF-8 as they are.
   */
  quoteJson(cart: string | Uint8Array): string {
    return traced('quote-json', () => this.#quoteJson(cart), this);
  }

  #quoteJson(cart: string | Uint8Array): string {
    const bytes = jsonBytes(cart, 'cart');
    return call((k, gen) => this.#resource(k, gen).quoteJson(bytes));
  }

  /**
   * Checks an order given as canonical JSON and returns the validation report's canonical JSON. Problems with
   * the order, its JSON shape included, are in the report; malformed JSON throws `invalid-json`.
   */
  validateJson(order: string | Uint8Array): string {
    return traced('validate-json', () => this.#validateJson(order), this);
  }

  #validateJson(order: string | Uint8Array): string {
    const bytes = jsonBytes(order, 'order');
    return call((k, gen) => this.#resource(k, gen).validateJson(bytes));
  }

  /**
   * Replays a historical cart: quotes it under this engine (the old rulebook) and under `newer` and says what
   * changed — grand totals, tax per rule, promotions newly applied or rejected, the error of a side that does
   * not quote (docs/replay.md). `line` (from 1) is copied into the record. A cart that does not quote is part
   * of the record; this throws only for a cart of the wrong shape (`cart-invalid`, read as `quote` reads it).
   *
   * Only the node and workerd entries (the server build) replay: replaying history is batch work, and the browser
   * download has a size budget. There, and under /inline, this throws a KassaError `host-error` with
   * `params.reason` `not-in-this-build`.
   */
  replay(newer: Engine, line: number | bigint, cart: Cart): ReplayRecord {
    if (!(newer instanceof Engine)) throw new TypeError('newer must be an Engine');
    serverOpsHere('replay');
    return traced(
      'replay',
      () => {
        const n = u64(typeof line === 'number' && Number.isSafeInteger(line) ? BigInt(line) : line, 'line');
        const c = jsonBytes(wireText(cart), 'cart');
        const out = call((k, gen) =>
          (k.replayJson as NonNullable<Root['replayJson']>).replayJson(
            this.#resource(k, gen),
            newer.#resource(k, gen),
            n,
            c,
          ),
        );
        return fromWire.replayRecord(JSON.parse(out));
      },
      line,
      cart,
    );
  }

  /**
   * The refund of a sale (docs/refunds.md): the request carries the cart, the quote's canonical JSON as the
   * engine returned it (`quoteJson`'s answer), the credit notes already issued and what is given back now.
   * Throws a KassaError when the quote is not this rulebook's answer for the cart, or more would be given back
   * than is left. The request crosses as its canonical JSON, as in `quote`.
   *
   * Only the node and workerd entries (the server build) refund. The browser build leaves refunds out (credit
   * notes are back-office work, and the browser download has a size budget): there, and under /inline, this
   * throws a KassaError `host-error` with `params.reason` `not-in-this-build`.
   */
  refund(request: RefundRequest): CreditNote {
    serverOpsHere('refund');
    return fromWire.creditNote(JSON.parse(this.#refundJson(wireText(request))));
  }

  /**
   * `refund` on a request given as canonical JSON (read as `quoteJson` reads a cart; one that is not a request
   * throws a KassaError `refund-request-invalid` with each finding at its JSON Pointer), returning the credit
   * note's canonical JSON: the same text in every host.
   */
  refundJson(request: string | Uint8Array): string {
    serverOpsHere('refund');
    return this.#refundJson(request);
  }

  #refundJson(request: string | Uint8Array): string {
    const bytes = jsonBytes(request, 'request');
    return call((k, gen) =>
      (k.refundsJson as NonNullable<Root['refundsJson']>).refundJson(this.#resource(k, gen), bytes),
    );
  }

  /** Rulebook id, version and hash, engine and contract versions, reference data versions. */
  info(): EngineInfo {
    return call((k, gen) => lift.engineInfo(this.#resource(k, gen).info()));
  }

  /** Frees the rulebook inside the engine. Idempotent; later calls throw a host-error KassaError (reason disposed). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const handle = this.#handle;
    this.#handle = undefined;
    // A handle of a replaced instance belongs to dead memory: just drop it.
    if (handle !== undefined && this.#generation === currentGeneration()) {
      call(() => (handle as unknown as Disposable)[disposeSymbol]?.());
    }
  }

  /** `using engine = await Engine.load(...)` disposes at the end of the scope. */
  [disposeSymbol](): void {
    this.dispose();
  }

  get disposed(): boolean {
    return this.#disposed;
  }
}
