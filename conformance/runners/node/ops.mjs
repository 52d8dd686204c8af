// The conformance ops on @kassa/engine's public API, and the conversion between the protocol's canonical JSON
// (kebab-case keys, params as [{name, value}]) and the package's idiomatic shapes (camelCase, params as a
// Record). Plain ESM without Node imports: the Node runner and the browser runner page both use it.

/**
 * The ops the package's browser build leaves out (wit/kassa.wit, world `kassa-js`: no refunds, no replay), which a runner of
 * that build announces in its hello (`lacks`, conformance/README.md). The driver still sends them and checks that
 * the package refuses them (host-error, reason not-in-this-build).
 */
export const BROWSER_BUILD_LACKS = ['refund', 'refund-json', 'replay'];

const camel = (k) => k.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const kebab = (k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Canonical input → the package's input shape: keys to camelCase, values as they are. */
export function fromCanonical(v) {
  if (Array.isArray(v)) return v.map(fromCanonical);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), fromCanonical(x)]));
}

// Fields whose value is a Record<string, string> in the package and a list<param> on the wire.
const PARAM_LISTS = new Set(['params', 'details']);

/** A package result → canonical JSON: keys to kebab-case, param Records to [{name, value}]. */
export function toCanonical(v) {
  if (typeof v === 'bigint') {
    // u64 and s64 (a replay record's line): a JSON number, exact up to 2^53.
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
      throw new RangeError(`${v} does not fit a JSON number exactly`);
    return Number(v);
  }
  if (Array.isArray(v)) return v.map(toCanonical);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [
      kebab(k),
      PARAM_LISTS.has(k) ? Object.entries(x).map(([name, value]) => ({ name, value })) : toCanonical(x),
    ]),
  );
}

/** A thrown value → the protocol's error object; anything that is not a KassaError is a host-error. */
export function errorToCanonical(e, KassaError) {
  if (e instanceof KassaError) {
    return toCanonical({
      code: e.code,
      path: e.path,
      message: e.detail,
      params: e.params,
      problems: e.problems,
      text: e.message,
    });
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { code: 'host-error', path: '', message, params: [], problems: [] };
}

/** Returns `run(request) → Promise<response>` over the package namespace `kassa` (import * as kassa). */
export function makeHandler(kassa) {
  const engines = new Map(); // rulebook text → Promise<Engine> (a failed load fails the same way every time)
  const engine = (rulebook) => {
    if (typeof rulebook !== 'string')
      throw new TypeError(`rulebook: expected the rulebook text, got ${rulebook === null ? 'null' : typeof rulebook}`);
    if (!engines.has(rulebook)) {
      const p = kassa.Engine.load(rulebook);
      p.catch(() => {}); // kept (rejected) in the cache; observed by each caller
      engines.set(rulebook, p);
    }
    return engines.get(rulebook);
  };

  const ops = {
    load: async (rb) => (await engine(rb)).info(),
    info: async (rb) => (await engine(rb)).info(),
    quote: async (rb, i) => (await engine(rb)).quote(i),
    'shipping-options': async (rb, i) => (await engine(rb)).shippingOptions(i),
    validate: async (rb, i) => (await engine(rb)).validate(i),
    'canonical-decimal': (_, i) => kassa.canonicalDecimal(i.value),
    round: (_, i) => kassa.round(i.value, i.scale, i.mode),
    'round-to-increment': (_, i) => kassa.roundToIncrement(i.value, i.increment, i.mode),
    'round-money': (_, i) => kassa.roundMoney(i.amount, i.currency, i.mode),
    'cash-round': (_, i) => kassa.cashRound(i.amount, i.currency, i.mode),
    'to-minor-units': (_, i) => kassa.toMinorUnits(i.amount, i.currency),
    'from-minor-units': (_, i) => kassa.fromMinorUnits(i.minor, i.currency),
    allocate: (_, i) => kassa.allocate(i.amount, i.currency, i.ratios),
    'allocate-evenly': (_, i) => kassa.allocateEvenly(i.amount, i.currency, i.parts),
    'currency-info': (_, i) => kassa.currencyInfo(i.code),
    'validate-field': (_, i) => kassa.validateField(i.kind, i.value, i.country),
    'validate-fields': (_, i) => kassa.validateFields(i.requests),
    versions: () => kassa.versions(),
    replay: async (rb, i) => {
      const e = await engine(rb);
      let next;
      try {
        next = await engine(i.new);
      } catch (err) {
        // A build without replay refuses the call whatever the new rulebook (host-error, not-in-this-build),
        // so its refusal comes before the new rulebook's findings (asked with the old engine twice, a pure call
        // whose answer is dropped); any other build answers the findings.
        try {
          e.replay(e, i.line, i.cart);
        } catch (refusal) {
          if (refusal?.params?.reason === 'not-in-this-build') throw refusal;
        }
        throw err;
      }
      return e.replay(next, i.line, i.cart);
    },
    refund: async (rb, i) => (await engine(rb)).refund(i),
  };

  // The JSON entry points: the request's text (or its bytes, hex, for text that is not UTF-8) as it is; the
  // answer is the engine's text, compared byte for byte by the driver.
  const jsonOps = {
    'quote-json': async (rb, bytes) => (await engine(rb)).quoteJson(bytes),
    'validate-json': async (rb, bytes) => (await engine(rb)).validateJson(bytes),
    'refund-json': async (rb, bytes) => (await engine(rb)).refundJson(bytes),
  };
  const jsonInput = (i) =>
    typeof i.hex === 'string' ? Uint8Array.from(i.hex.match(/../g) ?? [], (b) => parseInt(b, 16)) : i.text;

  return async function run(req) {
    const id = req?.id ?? null;
    try {
      if (jsonOps[req.op]) {
        await kassa.init();
        return { id, wire: await jsonOps[req.op](req.rulebook ?? null, jsonInput(req.input ?? {})) };
      }
      const op = ops[req.op];
      if (!op) throw new TypeError(`unknown op ${JSON.stringify(req.op)}`);
      await kassa.init();
      const input = fromCanonical(req.input ?? {});
      return { id, result: toCanonical(await op(req.rulebook ?? null, input)) };
    } catch (e) {
      return { id, error: errorToCanonical(e, kassa.KassaError) };
    }
  };
}
