import pandas as pd

from tests.cli.helpers import run_cli


def test_target_writes_csv_and_png(tmp_path):
    out, png = tmp_path / "t.csv", tmp_path / "t.png"
    result = run_cli("target", "--soc0", "45", "--years", "30", "-o", str(out), "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    table = pd.read_csv(out)
    assert table["target_soc_t_ha"].iloc[-1] == 50.4
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "50.40" in result.stdout


def test_bad_growth_is_one_line_exit_2_and_nothing_written(tmp_path):
    out = tmp_path / "t.csv"
    result = run_cli("target", "--soc0", "45", "--growth", "exp", "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "linear, compound" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_help_on_every_subcommand():
    from fourpermille.cli.main import _register_commands, app

    _register_commands()
    assert run_cli("--help").exit_code == 0
    for command in app.registered_commands:
        assert run_cli(command.name, "--help").exit_code == 0, command.name
    for group in app.registered_groups:
        assert run_cli(group.name, "--help").exit_code == 0, group.name


def test_unknown_command_and_option_are_usage_errors_without_traceback():
    for args in (("no-such-command",), ("target", "--soc0", "45", "--no-such-option")):
        result = run_cli(*args)
        assert result.exit_code == 2
        assert "Traceback" not in result.stderr
        assert "No such" in result.stderr


def test_missing_required_option_is_a_usage_error():
    result = run_cli("target")
    assert result.exit_code == 2
    assert "--soc0" in result.stderr


def test_help_prints_units_in_brackets():
    """Units are written in brackets in the help texts; rich markup used to swallow them."""
    result = run_cli("target", "--help")
    assert result.exit_code == 0
    assert "Initial SOC stock [t C/ha]" in " ".join(result.stdout.split())
