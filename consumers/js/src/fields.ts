// Stateless field validators: validateField(kind, value, country?), validateFields(requests) for a batch, and one
// typed helper per kind. They never throw for an invalid value: the result says valid/normalized/problems/details.

import { list, opt, str } from './check.js';
import * as lift from './lift.js';
import { traced } from './hook.js';
import { fieldKind, fieldRequest } from './lower.js';
import * as fromWire from './from-wire.js';
import { INPUT_LIMIT_BYTES } from './limits.js';
import { call, hasServerOps, type Root } from './runtime.js';
import type { FieldKind, FieldRequest, FieldResult } from './types.js';

const encoder = new TextEncoder();

/**
 * Validates and normalises one field. `country` (ISO 3166-1 alpha-2) is needed for postal codes and national
 * phone numbers and ignored elsewhere.
 */
export function validateField(kind: FieldKind, value: string, country?: string | null): FieldResult {
  const k = fieldKind(kind, 'kind');
  const v = str(value, 'value');
  const c = opt(country, 'country', str);
  return call((x) => lift.fieldResult(x.fields.validateField(k, v, c)));
}

/**
 * Validates a batch of fields in one call: one result per request, in order, each what `validateField` gives.
 * More than 10000 requests throw a KassaError `limit-exceeded` (params.limit `field-requests`).
 */
export function validateFields(requests: readonly FieldRequest[]): FieldResult[] {
  return traced(
    'validate-fields',
    () => {
      const r = list(requests, 'requests', fieldRequest);
      // The server build reads the batch as JSON: one parse of the answer instead of jco lifting each result
      // record by record (bench/README.md, fields-batch). A batch over the engine's JSON input limit crosses typed.
      const body = hasServerOps() ? encoder.encode(JSON.stringify({ requests: r })) : undefined;
      if (body !== undefined && body.length <= INPUT_LIMIT_BYTES) {
        const text = call((x) => (x.wire as NonNullable<Root['wire']>).validateFieldsJson(body));
        return (JSON.parse(text) as unknown[]).map(fromWire.fieldResult);
      }
      return call((x) => x.fields.validateFields(r).map(lift.fieldResult));
    },
    undefined,
    requests,
  );
}

export const validateEmail = (value: string): FieldResult => validateField('email', value);
/** A number in international form (+49 ...), or national form when `country` is given. */
export const validatePhone = (value: string, country?: string | null): FieldResult =>
  validateField('phone', value, country);
export const validatePostalCode = (value: string, country: string): FieldResult =>
  validateField('postal-code', value, country);
export const validateIban = (value: string): FieldResult => validateField('iban', value);
export const validateBic = (value: string): FieldResult => validateField('bic', value);
export const validateVatId = (value: string): FieldResult => validateField('vat-id', value);
export const validateCardNumber = (value: string): FieldResult => validateField('card-number', value);
export const validateCountryCode = (value: string): FieldResult => validateField('country-code', value);
export const validateCurrencyCode = (value: string): FieldResult => validateField('currency-code', value);
