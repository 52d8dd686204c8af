"""Tests of the driver's own logic: the schema subset validator, partial matching and difference paths."""

import json
import unittest
from pathlib import Path

import driver
import schema_check

HERE = Path(__file__).resolve().parent


class SchemaCheck(unittest.TestCase):
    def setUp(self):
        self.schema = json.loads((HERE / "case.schema.json").read_text())
        self.good = {"group": "g", "description": "d", "cases": [
            {"name": "a", "op": "round", "input": {}, "expect": {"result": "1"}, "source": "hand: x"}]}

    def test_good_document_conforms(self):
        self.assertEqual(schema_check.validate(self.good, self.schema), [])

    def test_unknown_op_missing_source_and_extra_key_are_reported(self):
        bad = json.loads(json.dumps(self.good))
        case = bad["cases"][0]
        case["op"] = "frobnicate"
        del case["source"]
        case["extra"] = 1
        errors = schema_check.validate(bad, self.schema)
        self.assertEqual(len(errors), 3, errors)
        self.assertTrue(any("'frobnicate' is not one of" in e for e in errors))
        self.assertTrue(any("missing required key 'source'" in e for e in errors))
        self.assertTrue(any("unknown key 'extra'" in e for e in errors))

    def test_expect_needs_exactly_one_of_result_or_error(self):
        bad = json.loads(json.dumps(self.good))
        bad["cases"][0]["expect"] = {"result": 1, "error": {"code": "x"}}
        self.assertTrue(schema_check.validate(bad, self.schema))

    def test_every_case_file_conforms(self):
        cases = driver.load_cases(driver.CASES)  # raises SystemExit listing every problem
        self.assertGreater(len(cases), 0)


class Matching(unittest.TestCase):
    def test_partial_objects_and_exact_arrays(self):
        self.assertIsNone(driver.first_mismatch({"a": 1}, {"a": 1, "b": 2}))
        self.assertEqual(driver.first_mismatch({"a": {"b": 1}}, {"a": {"b": 2}}), "/a/b")
        self.assertEqual(driver.first_mismatch([1, 2], [1, 2, 3]), "/")
        self.assertEqual(driver.first_mismatch({"x": [{"v": "1"}, {"v": "2"}]}, {"x": [{"v": "1"}, {"v": "3"}]}), "/x/1/v")

    def test_types_must_match(self):
        self.assertEqual(driver.first_mismatch({"n": 1}, {"n": "1"}), "/n")

    def test_params_object_matches_param_list(self):
        actual = {"params": [{"name": "input", "value": "1e3"}, {"name": "position", "value": "1"}]}
        self.assertIsNone(driver.first_mismatch({"params": {"position": "1"}}, actual))
        self.assertEqual(driver.first_mismatch({"params": {"position": "2"}}, actual), "/params/position")

    def test_first_difference_between_hosts(self):
        a = {"result": {"lines": [{"net": "1.00"}, {"net": "2.00"}]}}
        b = {"result": {"lines": [{"net": "1.00"}, {"net": "2.01"}]}}
        self.assertEqual(driver.first_difference(a, b), "/result/lines/1/net")

    def test_duplicate_param_names_are_found(self):
        ok = {"error": {"params": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]}}
        bad = {"result": {"problems": [{"params": [{"name": "a", "value": "1"}, {"name": "a", "value": "2"}]}]}}
        self.assertIsNone(driver.duplicate_param_names(ok))
        self.assertEqual(driver.duplicate_param_names(bad), "/result/problems/0/params")

    def test_host_errors_compare_by_code_only(self):
        a = driver.normalise({"id": "x", "error": {"code": "host-error", "message": "go says"}})
        b = driver.normalise({"id": "x", "error": {"code": "host-error", "message": "python says"}})
        self.assertEqual(driver.canonical(a), driver.canonical(b))


if __name__ == "__main__":
    unittest.main()


class WireChecks(unittest.TestCase):
    """The JSON entry points' checks (conformance/README.md, protocol item 6)."""

    case = {"id": "g/a", "op": "quote"}

    def results(self, rust_wire: str, go_wire: str, typed: dict) -> dict:
        return {h: {"g/a": {"result": typed}, "g/a#wire": {"wire": w}} for h, w in (("rust", rust_wire), ("go", go_wire))}

    def test_same_bytes_and_same_value_pass(self):
        r = self.results('{"a":"1"}', '{"a":"1"}', {"a": "1"})
        self.assertIsNone(driver.wire_problem(self.case, "go", "rust", r))

    def test_one_byte_of_whitespace_fails(self):
        r = self.results('{"a":"1"}', '{"a": "1"}', {"a": "1"})
        self.assertIn("bytes", driver.wire_problem(self.case, "go", "rust", r))

    def test_a_wire_answer_that_differs_from_the_typed_call_fails(self):
        r = self.results('{"a":"2"}', '{"a":"2"}', {"a": "1"})
        self.assertIn("quote-json differs from quote", driver.wire_problem(self.case, "rust", "rust", r))
