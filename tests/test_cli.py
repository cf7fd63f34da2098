import json

from typer.testing import CliRunner

from citegraph.cli import app

runner = CliRunner()


def test_build_writes_outputs_and_prints_summary(fixtures, tmp_path):
    out = tmp_path / "g"
    result = runner.invoke(
        app, ["build", str(fixtures / "listings"), "--out", str(out), "--pipeline", "rules"]
    )
    assert result.exit_code == 0, result.output
    assert "Read 6 entries from 2 files; 2 duplicates merged into 4 papers." in result.output
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "graph.graphml",
        "graph.html",
        "graph.lbug",
        "summary.json",
    ]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["papers"] == 4 and summary["duplicates_merged"] == 2
    assert summary["entities"]["Method"] >= 2 and summary["edges"]["MENTIONS"] > 0


def test_missing_path_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {tmp_path / 'nope'}: no such file or folder; check the path"
    )


def test_on_error_fail_names_file_and_line(fixtures, tmp_path):
    result = runner.invoke(
        app,
        [
            "build",
            str(fixtures / "papers.jsonl"),
            "--out",
            str(tmp_path / "o"),
            "--on-error",
            "fail",
            "--pipeline",
            "rules",
        ],
    )
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {fixtures / 'papers.jsonl'}:3: record has no abstract; "
        "use --on-error skip to continue"
    )
    assert not (tmp_path / "o" / "summary.json").exists()


def test_skips_are_counted_and_listed(fixtures, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(
        app,
        [
            "build",
            str(fixtures / "papers.jsonl"),
            str(fixtures / "bad"),
            "--out",
            str(out),
            "--pipeline",
            "rules",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped_count"] == 4
    assert {s["reason"].split(" ")[0] for s in summary["skipped"]} == {
        "record",
        "invalid",
        "binary",
        "unknown",
    }


def test_failed_build_keeps_previous_outputs(fixtures, tmp_path):
    out = tmp_path / "o"
    runner.invoke(
        app, ["build", str(fixtures / "listings"), "--out", str(out), "--pipeline", "rules"]
    )
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    result = runner.invoke(
        app, ["build", str(fixtures / "papers.jsonl"), "--out", str(out), "--on-error", "fail"]
    )
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_help_ends_with_an_example():
    for args in (["--help"], ["build", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "Example: citegraph build" in result.output
