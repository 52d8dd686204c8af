// The example checkout: loads @kassa/engine, prices the example cart live as quantities change, validates the
// order as the customer types, and splits the total with a money helper. No arithmetic happens here: every
// amount on the page comes from the engine.

import { allocateEvenly, Engine, KassaError, validateEmail } from '@kassa/engine';
import rulebookText from '../../../../examples/rulebook.json?raw';
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
    const q = engine.quote(cart);
    $('#quote-error').hidden = true;
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
    grandTotal = null;
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

function update() {
  renderQuote();
  renderValidation();
  renderSplit();
}

$('#email').value = customer.email ?? '';
$('#email').addEventListener('input', update);
$('#people').addEventListener('input', renderSplit);
renderCartRows();
update();
$('#status').textContent = 'ready';
