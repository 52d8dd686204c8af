// The example checkout: loads @kassa/engine, prices the example cart live as quantities change, validates the
// order as the customer types, and splits the total with a money helper. No arithmetic happens here: every
// amount on the page comes from the engine.
//
// With `?verify=/go/checkout/verify,/py/checkout/verify` (same-origin paths) it also asks each of those backends
// to re-price the cart: it posts the cart in the wire format (`JSON.stringify(toWire(cart))`) and the totals it
// showed, with a W3C `traceparent`, and shows per backend whether they match (docs/wire.md, "Verifying a
// client's quote"). `?rulebook=PATH` prices with another same-origin rulebook than the bundled one (a stale
// client, as the end-to-end test plays it).

import { allocateEvenly, Engine, fromWire, KassaError, toWire, validateEmail } from '@kassa/engine';
import bundledRulebook from '../../../../examples/rulebook.json?raw';
import cartText from '../../../../examples/cart.json?raw';
import orderText from '../../../../examples/order.json?raw';

const $ = (sel) => document.querySelector(sel);
const camel = (v) =>
  Array.isArray(v)
    ? v.map(camel)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k.replace(/-([a-z])/g, (_, c) => c.toUpperCase()), camel(x)]),
        )
      : v;

// Only paths on this origin ("/x", never "//host" or "https://…"): the backends sit behind the page's server.
const sameOrigin = (p) => p.startsWith('/') && !p.startsWith('//');
const params = new URLSearchParams(location.search);
const backends = (params.get('verify') ?? '').split(',').filter(sameOrigin);
const rulebookPath = params.get('rulebook');
const rulebookText =
  rulebookPath && sameOrigin(rulebookPath) ? await (await fetch(rulebookPath)).text() : bundledRulebook;

const rulebook = JSON.parse(rulebookText);
const names = Object.fromEntries(rulebook.catalog.items.map((i) => [i.sku, i.name]));
const cart = camel(JSON.parse(cartText));
const customer = camel(JSON.parse(orderText)); // its e-mail ("anna.example.com") starts out invalid

const engine = await Engine.load(rulebookText);
$('#store').textContent = `${engine.info().rulebookId} ${engine.info().rulebookVersion}`;

/** A KassaError as text: the engine's one line (its message), then one line per problem it carries. */
function describe(e) {
  if (!(e instanceof KassaError)) return String(e);
  const line = (p) => `${p.code}${p.path ? ` at ${p.path}` : ''}: ${p.message}`;
  return [e.message, ...e.problems.map(line)].join('\n');
}

function renderCartRows() {
  const body = $('#cart tbody');
  body.replaceChildren(
    ...cart.lines.map((line, i) => {
      const tr = document.createElement('tr');
      tr.innerHTML = `<td>${names[line.sku] ?? line.sku}</td>
        <td><input type="number" min="0" step="1" data-testid="qty-${line.sku}" value="${line.quantity}"></td>
        <td data-testid="unit-${line.sku}"></td><td data-testid="amount-${line.sku}"></td>`;
      tr.querySelector('input').addEventListener('input', (ev) => {
        cart.lines[i] = { ...line, quantity: ev.target.value || '0' };
        update();
      });
      return tr;
    }),
  );
}

let grandTotal = null;

function renderQuote() {
  const show = (id, text) => ($(`[data-testid="${id}"]`).textContent = text);
  try {
    // The canonical quote text (the bytes every host writes for this cart), and the typed quote read from it.
    const quoteText = engine.quoteJson(JSON.stringify(toWire(cart)));
    const q = fromWire.quote(JSON.parse(quoteText));
    $('#quote-error').hidden = true;
    $('[data-testid="quote-json"]').textContent = quoteText;
    for (const l of q.lines) {
      show(`unit-${l.sku}`, l.unitPrice);
      show(`amount-${l.sku}`, l.gross);
    }
    show('subtotal', `${q.subtotal} ${q.currency}`);
    show('discount-total', `${q.discountTotal} ${q.currency}`);
    show('shipping', q.shipping ? `${q.shipping.gross} ${q.currency}` : '—');
    $('#shipping-method').textContent = q.shipping ? `(${q.shipping.method})` : '';
    show('grand-total', `${q.grandTotal} ${q.currency}`);
    show('tax-total', `${q.taxTotal} ${q.currency}`);
    show('net-total', `${q.netTotal} ${q.currency}`);
    $('#taxes').replaceChildren(
      ...q.taxes.map((t) =>
        Object.assign(document.createElement('li'), { textContent: `${t.tax} ${t.rate} %: ${t.amount}` }),
      ),
    );
    grandTotal = { amount: q.grandTotal, currency: q.currency };
    return q;
  } catch (e) {
    // The structured error, shown as it is: code, path and message.
    $('#quote-error').hidden = false;
    $('#quote-error').textContent = describe(e);
    for (const id of ['subtotal', 'discount-total', 'shipping', 'grand-total', 'tax-total', 'net-total']) show(id, '—');
    for (const l of cart.lines) {
      show(`unit-${l.sku}`, '');
      show(`amount-${l.sku}`, '');
    }
    $('#shipping-method').textContent = '';
    $('#taxes').replaceChildren();
    $('[data-testid="quote-json"]').textContent = '';
    grandTotal = null;
    return null;
  }
}

function renderValidation() {
  const email = $('#email').value;
  const field = validateEmail(email);
  $('#email-check').textContent = field.valid ? '✓' : field.problems.map((p) => p.code).join(', ');
  $('#email-check').className = field.valid ? 'ok' : '';
  const report = engine.validate({ ...customer, cart, email: email || null });
  $('#problems').replaceChildren(
    ...report.problems.map((p) =>
      Object.assign(document.createElement('li'), { textContent: `${p.code} (${p.path}): ${p.message}` }),
    ),
  );
}

function renderSplit() {
  const out = $('[data-testid="split"]');
  if (!grandTotal) return void (out.textContent = '—');
  try {
    const parts = allocateEvenly(grandTotal.amount, grandTotal.currency, Number($('#people').value));
    out.textContent = parts.join(' + ');
  } catch (e) {
    out.textContent = describe(e);
  }
}

// ---- verifying the quote with the backends ------------------------------------------------------------------

const hex = (bytes) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
let round = 0; // answers of an older round (the customer kept typing) are dropped

/** The backend's answer as one line and a state (match, mismatch or error), with the digest of the cart it saw. */
async function askBackend(path, q, traceparent) {
  const totals = {
    currency: q.currency,
    subtotal: q.subtotal,
    'discount-total': q.discountTotal,
    'tax-total': q.taxTotal,
    'grand-total': q.grandTotal,
    payable: q.payable ?? null,
  };
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent },
      body: `{"cart":${JSON.stringify(toWire(cart))},"quote":${JSON.stringify(totals)}}`,
    });
    const answer = await res.json();
    if (!res.ok) throw new Error(answer.error?.text ?? answer.error?.message ?? answer.error ?? res.status);
    if (answer.matches) {
      const text = `✓ the server's quote matches (${answer.quote['grand-total']} ${answer.quote.currency})`;
      return { state: 'match', text, digest: answer['cart-sha256'] };
    }
    const diffs = answer.differences.map((d) => `${d.field} shown ${d.client}, the server says ${d.server}`);
    return { state: 'mismatch', text: `✗ not accepted: ${diffs.join('; ')}`, digest: answer['cart-sha256'] };
  } catch (e) {
    return { state: 'error', text: `could not verify: ${e.message ?? e}`, digest: '' };
  }
}

/** Asks every backend about the quote q (null: nothing to check); one trace per round, one span id per call. */
function verifyQuote(q) {
  const mine = ++round;
  const traceId = hex(16);
  const items = backends.map((path, i) => {
    const li = document.createElement('li');
    Object.assign(li.dataset, { testid: `verify-${i}`, backend: path, state: q ? 'pending' : 'none' });
    li.textContent = `${path}: ${q ? 'checking…' : 'no quote to check'}`;
    return li;
  });
  $('[data-testid="verifications"]').replaceChildren(...items);
  $('[data-testid="verify-summary"]').textContent = '';
  if (!q) return;
  const answers = backends.map(async (path, i) => {
    const { state, text, digest } = await askBackend(path, q, `00-${traceId}-${hex(8)}-01`);
    if (mine === round) {
      Object.assign(items[i].dataset, { state, digest });
      items[i].className = state === 'match' ? 'ok' : 'error';
      items[i].textContent = `${path}: ${text}`;
    }
    return digest;
  });
  Promise.all(answers).then((digests) => {
    if (mine !== round || digests.some((d) => !d)) return;
    $('[data-testid="verify-summary"]').textContent = digests.every((d) => d === digests[0])
      ? `Every backend priced the same cart (sha256 ${digests[0]})`
      : `The backends saw different carts (sha256 ${digests.join(', ')})`;
  });
}

function update() {
  const q = renderQuote();
  renderValidation();
  renderSplit();
  if (backends.length) verifyQuote(q);
}

$('#email').value = customer.email ?? '';
$('#email').addEventListener('input', update);
$('#people').addEventListener('input', renderSplit);
$('#verify').hidden = !backends.length;
renderCartRows();
update();
$('#status').textContent = 'ready';
