import json
import shutil

from typer.testing import CliRunner

from citegraph.cli import app
from tests.corpus.helpers import FIXTURES

runner = CliRunner()


def test_build_reads_every_fixture_format(tmp_path):
    out = tmp_path / "g"
    result = runner.invoke(
        app,
        [
            "build",
            str(FIXTURES),
            "--out",
            str(out),
            "--pipeline",
            "rules",
            "--columns",
            "title=Paper Title,abstract=Summary,date=Year,doi=DOI",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert sorted(summary["files"].values()) == ["arxiv", "bibtex", "csv", "openalex", "ris", "s2"]
    assert summary["duplicates_by_rule"]["doi_or_arxiv_id"] == 3
    assert summary["skipped_count"] == len(summary["skipped"]) == 9
    assert all(s["path"] and s["line"] and s["reason"] for s in summary["skipped"])


def test_forced_format(tmp_path):
    src = tmp_path / "refs.txt"
    shutil.copy(FIXTURES / "refs.bib", src)
    result = runner.invoke(
        app,
        [
            "build",
            str(src),
            "--format",
            "bibtex",
            "--out",
            str(tmp_path / "g"),
            "--pipeline",
            "rules",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Read 4 entries from 1 files" in result.output


def test_bad_options_and_fail_mode(tmp_path):
    bad = runner.invoke(app, ["build", str(FIXTURES), "--format", "docx"])
    assert bad.exit_code == 2 and "--format" in bad.output
    cols = runner.invoke(app, ["build", str(FIXTURES), "--columns", "colour=Red"])
    assert cols.exit_code == 2 and "--columns" in cols.output
    result = runner.invoke(
        app,
        ["build", str(FIXTURES / "refs.ris"), "--on-error", "fail", "--out", str(tmp_path / "g")],
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {FIXTURES / 'refs.ris'}:17: record has no abstract; "
        "use --on-error skip to continue"
    )
