"""Facts the packages must agree on, checked in the repository: one license text everywhere, the manifests and
READMEs against docs/supported-versions.md, and every README quickstart marked so that the artifact tests run
it. Fast; needs nothing built."""

from __future__ import annotations

import json
import re
import unittest

import test_python
from common import READMES, ROOT, fenced_blocks, quickstarts

SUPPORTED = ROOT / "docs" / "supported-versions.md"


def statement() -> dict[str, str]:
    """{'Go': '1.25', 'Python': '3.10', 'Node.js': '20.19', ...} from the table's 'supported' column."""
    rows = {}
    for line in SUPPORTED.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and (m := re.match(r"(\d+\.\d+) or newer", cells[1])):
            rows[cells[0]] = m.group(1)
    return rows


class Repository(unittest.TestCase):
    def test_one_license_text_in_every_package(self) -> None:
        text = (ROOT / "LICENSE").read_text()
        self.assertIn("Apache License\n                           Version 2.0, January 2004", text)
        self.assertIn("END OF TERMS AND CONDITIONS", text)
        for pkg in ("consumers/js", "consumers/go", "consumers/python"):
            self.assertEqual((ROOT / pkg / "LICENSE").read_text(), text, f"{pkg}/LICENSE differs from LICENSE")

    def test_manifests_follow_the_supported_versions(self) -> None:
        s = statement()
        self.assertEqual(set(s), {"Go", "Python", "Node.js"})
        go_mod = (ROOT / "consumers/go/go.mod").read_text()
        self.assertRegex(go_mod, rf"(?m)^go {re.escape(s['Go'])}(\.0)?$")
        # Read with regular expressions rather than tomllib, which needs Python 3.11.
        pyproject = (ROOT / "consumers/python/pyproject.toml").read_text()
        self.assertEqual(re.findall(r'(?m)^requires-python = "(.*)"$', pyproject), [f">={s['Python']}"])
        versions = sorted(
            re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject),
            key=lambda v: tuple(map(int, v.split("."))),
        )
        self.assertEqual(versions[0], s["Python"])
        self.assertEqual(".".join(map(str, test_python.FLOOR)), s["Python"])
        engines = json.loads((ROOT / "consumers/js/package.json").read_text())["engines"]
        self.assertEqual(engines, {"node": f">={s['Node.js']}"})

    def test_readmes_state_the_same_floors(self) -> None:
        s = statement()
        names = {"Go": "Go", "Python": "Python", "Node": "Node.js", "Node.js": "Node.js"}
        claim = re.compile(r"\b(Go|Python|Node(?:\.js)?) (?:≥ ?|>= ?)?(\d+(?:\.\d+)?)(?:\+| or newer|\b)")
        for readme in READMES:
            for m in claim.finditer((ROOT / readme).read_text()):
                name, version = names[m.group(1)], m.group(2)
                text = m.group(0)
                if not re.search(r"≥|>=|\+| or newer", text):
                    continue  # a version mentioned, not a floor (e.g. "Go 1.26.8" of a measurement)
                with self.subTest(readme=readme, claim=text):
                    self.assertEqual(version, s[name], f"{readme} says {text!r}; docs/supported-versions.md says {s[name]}")

    def test_every_quickstart_block_is_run(self) -> None:
        """In each README's Quickstart section, every block of a language the artifact tests run is marked
        `quickstart` and followed by the output it must print."""
        for readme in READMES:
            text = (ROOT / readme).read_text()
            section = re.search(r"(?ms)^## Quickstart\n(.*?)(?=^## )", text)
            self.assertIsNotNone(section, f"{readme} has no Quickstart section")
            assert section is not None
            for line, lang, words, _, _ in fenced_blocks(section.group(1)):
                if lang in {"ts", "js", "go", "python"}:
                    self.assertIn("quickstart", words, f"{readme}: a {lang} block of the Quickstart is not marked to run")
        marked = quickstarts()
        self.assertEqual({q.lang for q in marked}, {"ts", "go", "python"})
        for q in marked:
            self.assertIsNotNone(q.output, f"{q.readme}:{q.line}: no ```text output block after the quickstart")


if __name__ == "__main__":
    unittest.main()
