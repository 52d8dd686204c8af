// Checks arguments from (possibly untyped) JavaScript callers and turns them into the component's shapes: the
// building blocks of lower.ts (generated from the WIT) and of the functions' own argument checks.
//
// Why here and not in the glue: jco coerces silently (-1 becomes the u32 4294967295, an unknown key is ignored)
// or throws vague errors ("expected a string"). A caller gets a TypeError or RangeError naming the argument
// path instead, before anything enters the engine. Only types are checked here; every business rule
// (decimal syntax, currency codes, ...) is the engine's and comes back as a KassaError.

import { isWellFormed } from './wire.js';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return typeof v === 'object' ? 'an object' : typeof v;
}

export function str(v: unknown, name: string): string {
  if (typeof v !== 'string') throw new TypeError(`${name} must be a string, got ${describe(v)}`);
  // The glue would replace a lone surrogate by U+FFFD; refused here, so that a cart or an order goes to the
  // engine's JSON reader instead (engine.ts), which reports it as invalid-unicode at its path (docs/wire.md).
  if (!isWellFormed(v)) throw new TypeError(`${name} is not Unicode text (it has a lone surrogate)`);
  return v;
}

/** A decimal argument: a string. Numbers are refused because a binary float cannot hold 0.10 exactly. */
export function dec(v: unknown, name: string): string {
  if (typeof v === 'number' || typeof v === 'bigint') {
    throw new TypeError(
      `${name} must be a decimal string such as "12.30", got ${describe(v)} (numbers are refused: floats cannot hold cents exactly)`,
    );
  }
  return str(v, name);
}

export function u32(v: unknown, name: string): number {
  if (typeof v !== 'number') throw new TypeError(`${name} must be an integer number, got ${describe(v)}`);
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`${name} must be an integer from 0 to 4294967295, got ${v}`);
  }
  return v;
}

export function oneOf<T extends string>(v: unknown, name: string, cases: readonly T[]): T {
  if (typeof v !== 'string' || !(cases as readonly string[]).includes(v)) {
    throw new TypeError(`${name} must be one of ${cases.map((c) => `'${c}'`).join(', ')}; got ${describe(v)}`);
  }
  return v as T;
}

/** An option: `undefined` and `null` both mean absent. */
export function opt<T>(v: unknown, name: string, f: (v: unknown, name: string) => T): T | undefined {
  return v === undefined || v === null ? undefined : f(v, name);
}

/** A field the engine defaults when absent (flags, lists); `null` is refused as it is in canonical JSON. */
export function dflt<T>(v: unknown, name: string, fallback: T, f: (v: unknown, name: string) => T): T {
  return v === undefined ? fallback : f(v, name);
}

export function bool(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw new TypeError(`${name} must be a boolean, got ${describe(v)}`);
  return v;
}

export function list<T>(v: unknown, name: string, item: (v: unknown, name: string) => T): T[] {
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array, got ${describe(v)}`);
  return v.map((x, i) => item(x, `${name}[${i}]`));
}

const camel = (k: string) => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** A plain object with only the given keys (a typo would otherwise be ignored silently). */
export function record(v: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TypeError(`${name} must be an object, got ${describe(v)}`);
  }
  for (const k of Object.keys(v)) {
    if (!keys.includes(k)) {
      const hint = keys.includes(camel(k)) ? ` (did you mean '${camel(k)}'?)` : '';
      throw new TypeError(`${name} has an unknown key '${k}'${hint}; expected keys: ${keys.join(', ')}`);
    }
  }
  return v as Record<string, unknown>;
}

/** An integer from `min` to `max` (the WIT's u8, u16, s8, s16, s32). */
export function int(min: number, max: number): (v: unknown, name: string) => number {
  return (v, name) => {
    if (typeof v !== 'number') throw new TypeError(`${name} must be an integer number, got ${describe(v)}`);
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${v}`);
    }
    return v;
  };
}

/** A 64-bit integer from `min` to `max` as a bigint (jco's u64 and s64). */
export function bigInt(min: bigint, max: bigint): (v: unknown, name: string) => bigint {
  return (v, name) => {
    if (typeof v !== 'bigint') throw new TypeError(`${name} must be a bigint, got ${describe(v)}`);
    if (v < min || v > max) throw new RangeError(`${name} must be from ${min} to ${max}, got ${v}`);
    return v;
  };
}

/** A WIT tuple: an array of exactly as many values as there are checkers. */
export function tuple<T extends unknown[]>(
  v: unknown,
  name: string,
  items: { [K in keyof T]: (v: unknown, name: string) => T[K] },
): T {
  if (!Array.isArray(v) || v.length !== items.length) {
    throw new TypeError(`${name} must be an array of ${items.length} values, got ${describe(v)}`);
  }
  return items.map((item, i) => item(v[i], `${name}[${i}]`)) as T;
}
