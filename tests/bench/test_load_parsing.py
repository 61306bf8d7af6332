"""The load test reads wrk's report correctly, errors included (figures from `make bench`)."""

import pytest

from bench.load import LUA, _parse

WRK_OUTPUT = """Running 1m test @ http://127.0.0.1:8123
  2 threads and 20 connections
  Latency Distribution
     50%  120.50ms
     75%  150.00ms
     90%  200.10ms
     99%    1.20s
  6000 requests in 1.00m, 60.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    100.00
p95_us 250000
not_ok 9
"""


def test_wrk_report_is_parsed_with_the_95th_percentile_and_every_error():
    figures = _parse(WRK_OUTPUT)
    assert figures == {
        "requests_per_second": 100.0,
        "p50_ms": 120.5,
        "p90_ms": 200.1,
        "p95_ms": 250.0,
        "p99_ms": 1200.0,
        "errors": 12,  # 9 answers other than 200 (redirects included) and 3 socket errors
    }


def test_a_clean_run_has_no_errors():
    clean = WRK_OUTPUT.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "")
    clean = clean.replace("  Non-2xx or 3xx responses: 4\n", "").replace("not_ok 9", "not_ok 0")
    assert _parse(clean)["errors"] == 0


def test_a_report_without_the_scripts_figures_is_refused():
    # wrk runs its default request when the Lua script fails: that is no measurement.
    with pytest.raises(RuntimeError, match="wrk-Skript"):
        _parse(WRK_OUTPUT.replace("p95_us 250000\n", ""))


def test_the_lua_script_reports_the_95th_percentile():
    script = LUA % ('"/a", "/b"', "sessionid=x")
    assert "latency:percentile(95)" in script
    assert 'paths = {"/a", "/b"}' in script
