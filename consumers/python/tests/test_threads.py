"""8 threads calling one engine and the module functions at once get exactly the serial answers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import kassa

M = kassa.RoundingMode


def _work(engine: kassa.Engine, seed: int) -> list[object]:
    out: list[object] = []
    for i in range(60):
        n = seed * 1000 + i
        amount = Decimal(n).scaleb(-3)  # n/1000, three decimals
        out.append(kassa.round_money(amount, "EUR", M.HALF_EVEN))
        out.append(kassa.allocate(Decimal(n).scaleb(-2), "EUR", ["1", "2", "3"]))
        out.append(kassa.to_minor_units(Decimal(n).scaleb(-2), "EUR"))
        out.append(engine.info().rulebook_hash)
        try:
            kassa.canonical_decimal(f"0{n}")
        except kassa.KassaError as e:
            out.append((e.code, e.path, e.params["position"]))
    return out


def test_eight_threads_match_serial(engine):
    serial = [_work(engine, s) for s in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(lambda s: _work(engine, s), range(8)))
    assert parallel == serial
    assert 1 <= engine._instances() <= 8  # one instance per concurrent caller at most


def test_a_trap_in_one_thread_does_not_disturb_the_others(engine):
    expected = _work(engine, 3)

    def job(k: int) -> object:
        if k % 4 == 0:
            try:
                engine._trap_for_testing()
            except kassa.TrapError:
                return "trapped"
            return "no trap?"
        return _work(engine, 3)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(job, range(16)))
    for k, r in enumerate(results):
        assert r == ("trapped" if k % 4 == 0 else expected)
