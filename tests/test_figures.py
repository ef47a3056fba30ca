"""assure.figures: year choice, ranking, medians, look-ups, and the build of the package data.

Most tests use a small made-up CSV built with the same builder as the package data, so the
expected ranks and medians can be worked out by hand; the rest use the committed package data
(no network, no ../shared needed, except the one test that rebuilds it from ../shared/data).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import statistics
from pathlib import Path
from types import ModuleType

import pytest

from assure.base.problems import InputError
from assure.figures import Compare, Figures, Published, UnknownCouncil, load
from assure.figures.build import build, dumps
from assure.figures.data import DATA_FILE
from assure.figures.periods import add_months

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"

HEADER = "la_code,la_name,region,section,field,year,at,measure,value,worse_when,source"
SOURCE = "made-up.csv column x"


def _rows(field: str, year: int, values: dict[str, str], england: str | None = None) -> list[str]:
    section, name = field.split(".")
    snapshot = section == "workforce"
    at = f"{year}-09-30" if snapshot else f"{year}-03-31"
    measure = "snapshot at" if snapshot else "year ending"
    worse = {
        "workforce.caseload_average": "higher",
        "workforce.agency_pct": "higher",
        "front_door.rereferral_12m_pct": "higher",
        "care_leavers.eet_17_18_pct": "lower",
        "children_in_care.cla_rate_per_10k": "",
    }[field]
    names = {
        "201": ("City of London", "London"),
        "301": ("Alpha", "North"),
        "302": ("Beta and Gamma", "North"),
        "303": ("St. Delta", "South"),
        "304": ('"Epsilon, City of"', "South"),
        "305": ("Zeta", "North"),
        "306": ("Eta", "North"),
        "305 / 306": ("Zeta / Eta", "North"),
    }
    lines = []
    if england is not None:
        lines.append(f",England,,{section},{name},{year},{at},{measure},{england},{worse},{SOURCE}")
    for code, value in values.items():
        la_name, region = names[code]
        lines.append(
            f"{code},{la_name},{region},{section},{name},{year},{at},{measure},{value},{worse},"
            f"{SOURCE}"
        )
    return lines


def _figures_csv() -> str:
    lines = [HEADER]
    lines += _rows(
        "workforce.caseload_average",
        2024,
        {"201": "5.5", "301": "10", "302": "12", "303": "12", "304": "15", "305 / 306": "20"},
        england="15.0",
    )
    lines += _rows(
        "workforce.caseload_average",
        2023,
        {
            "201": "6.0",
            "301": "11.0",
            "302": "13.0",
            "303": "14.0",
            "304": "16.0",
            "305 / 306": "18.0",
        },
        england="15.5",
    )
    lines += _rows("workforce.agency_pct", 2024, {"301": "13", "302": "8"})
    lines += _rows("workforce.agency_pct", 2023, {"301": "20", "302": "9"})
    lines += _rows(
        "front_door.rereferral_12m_pct",
        2024,
        {"201": "40", "301": "20", "302": "22", "303": "25", "304": "30", "305": "18", "306": "21"},
        england="22.0",
    )
    lines += _rows(
        "care_leavers.eet_17_18_pct",
        2024,
        {"301": "60", "302": "70", "303": "70", "304": "50", "305": "65", "306": "80"},
    )
    lines += _rows(
        "children_in_care.cla_rate_per_10k",
        2024,
        {"301": "70", "302": "50", "303": "90", "304": "100", "305": "60", "306": "55"},
    )
    return "\n".join(lines) + "\n"


NEIGHBOURS = """la_code,la_name,rank,neighbour_la_code,closeness
301,Alpha,2,306,Close
301,Alpha,1,305,Very close
301,Alpha,3,302,Close
301,Alpha,4,303,Not close
305,Zeta,1,306,Very close
305,Zeta,2,301,Close
"""

MARCH_2025 = dt.date(2025, 3, 31)


def _write(tmp: Path, figures: str, neighbours: str = NEIGHBOURS) -> tuple[Path, Path]:
    f, n = tmp / "figures.csv", tmp / "neighbours.csv"
    f.write_text(figures, encoding="utf-8")
    n.write_text(neighbours, encoding="utf-8")
    return f, n


@pytest.fixture
def made_up(tmp_path: Path) -> Figures:
    return Figures(build(*_write(tmp_path, _figures_csv())))


@pytest.fixture(scope="module")
def real() -> Figures:
    return load()


# --- which year goes with a SEF period -------------------------------------------------------


def test_six_months_is_calendar_months_clamped_to_month_end() -> None:
    assert add_months(dt.date(2025, 3, 31), -6) == dt.date(2024, 9, 30)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 12, 15), 1) == dt.date(2025, 1, 15)


def test_march_period_end_takes_that_year_and_the_previous_september(real: Figures) -> None:
    assert real.year_for("front_door.rereferral_12m_pct", MARCH_2025) == (
        2025,
        dt.date(2025, 3, 31),
        None,
    )
    # 30 September 2024 and 2025 are both six calendar months away: the earlier one.
    assert real.year_for("workforce.caseload_average", MARCH_2025) == (
        2024,
        dt.date(2024, 9, 30),
        None,
    )


def test_june_period_end(real: Figures) -> None:
    june = dt.date(2025, 6, 30)
    assert real.year_for("front_door.rereferral_12m_pct", june) == (
        2025,
        dt.date(2025, 3, 31),
        None,
    )
    assert real.year_for("workforce.caseload_average", june) == (2025, dt.date(2025, 9, 30), None)


def test_a_tie_in_days_takes_the_earlier_snapshot(real: Figures) -> None:
    # 31 March 2024 is 183 days after 30 September 2023 and 183 days before 30 September 2024.
    end = dt.date(2024, 3, 31)
    assert (dt.date(2024, 9, 30) - end).days == (end - dt.date(2023, 9, 30)).days
    assert real.year_for("workforce.vacancy_pct", end) == (2023, dt.date(2023, 9, 30), None)


def test_unpublished_year_uses_the_nearest_earlier_and_says_so(real: Figures) -> None:
    choice = real.year_for("front_door.rereferral_12m_pct", dt.date(2027, 3, 31))
    assert choice is not None
    assert (choice.year, choice.at) == (2025, dt.date(2025, 3, 31))
    assert choice.note == (
        "figures for the year ending 31 March 2027 are not published yet; "
        "using the year ending 31 March 2025"
    )
    snapshot = real.year_for("workforce.caseload_average", dt.date(2026, 6, 30))
    assert snapshot is not None
    assert snapshot.year == 2025
    assert snapshot.note is not None
    assert "30 September 2026 snapshot is not published yet" in snapshot.note
    assert "30 September 2025" in snapshot.note


def test_a_later_snapshot_within_six_months_when_the_nearest_is_unpublished(real: Figures) -> None:
    # Workforce figures start in 2017: for a period ending 31 March 2017 the nearest snapshot
    # (30 September 2016) does not exist, but 30 September 2017 is within six months.
    choice = real.year_for("workforce.turnover_pct", dt.date(2017, 3, 31))
    assert choice is not None
    assert choice.year == 2017
    assert choice.note is not None
    assert "30 September 2016" in choice.note


def test_nothing_within_reach(real: Figures) -> None:
    assert real.year_for("front_door.rereferral_12m_pct", dt.date(2012, 3, 31)) is None
    assert real.year_for("workforce.caseload_average", dt.date(2016, 3, 31)) is None
    assert real.compare("workforce.caseload_average", 15.0, dt.date(2016, 3, 31)) is None
    assert real.year_for("data.no_such.field", MARCH_2025) is None


# --- ranking ---------------------------------------------------------------------------------


def test_ties_share_the_better_rank(made_up: Figures) -> None:
    # 2024 caseloads: 5.5, 10, 12, 12, 15, 20 (the joint 305 / 306 once).
    cmp = made_up.compare("workforce.caseload_average", 12.0, MARCH_2025)
    assert cmp is not None
    assert (cmp.year, cmp.at, cmp.england) == (2024, dt.date(2024, 9, 30), 15.0)
    assert (cmp.rank, cmp.of) == (3, 7)
    assert cmp.percentile == pytest.approx(100 * 2 / 6)
    assert cmp.worse_when == "higher"


def test_percentile_ends(made_up: Figures) -> None:
    best = made_up.compare("workforce.caseload_average", 4.0, MARCH_2025, la_code="301")
    worst = made_up.compare("workforce.caseload_average", 25.0, MARCH_2025, la_code="301")
    assert best is not None and worst is not None
    assert (best.rank, best.of, best.percentile) == (1, 6, 0.0)
    assert (worst.rank, worst.of, worst.percentile) == (6, 6, 100.0)


def test_the_councils_own_published_value_is_left_out(made_up: Figures) -> None:
    # 302 published 12; its stated 12 is ranked among 5.5, 10, 12 (303), 15, 20.
    cmp = made_up.compare("workforce.caseload_average", 12.0, MARCH_2025, la_code="302")
    assert cmp is not None
    assert (cmp.rank, cmp.of) == (3, 6)
    assert cmp.percentile == pytest.approx(40.0)


def test_lower_is_worse_ranks_the_other_way(made_up: Figures) -> None:
    # EET: 50, 60, 65, 70, 70, 80; a stated 70 has one better (80) and shares 2nd.
    cmp = made_up.compare("care_leavers.eet_17_18_pct", 70.0, MARCH_2025)
    assert cmp is not None
    assert (cmp.rank, cmp.of, cmp.worse_when) == (2, 7, "lower")


def test_joint_code_counts_once_and_serves_both_members(made_up: Figures) -> None:
    for member in ("305", "306"):
        cmp = made_up.compare("workforce.caseload_average", 16.0, MARCH_2025, la_code=member)
        assert cmp is not None
        # The joint 20 is this council's own figure: 16 is worse than all five others.
        assert (cmp.rank, cmp.of) == (6, 6)
        assert made_up.published("workforce.caseload_average", member, MARCH_2025) == [
            Published(2024, dt.date(2024, 9, 30), 20.0)
        ]
    assert made_up.value("workforce.caseload_average", "306", 2023) == 18.0
    assert made_up.quantile("workforce.caseload_average", 2024, 1.0) == 20.0


def test_neighbours_median_counts_a_joint_neighbour_once(made_up: Figures) -> None:
    # 301's neighbours 305, 306 (both the joint 20), 302 (12), 303 (12): median of 20, 12, 12.
    cmp = made_up.compare("workforce.caseload_average", 10.0, MARCH_2025, la_code="301")
    assert cmp is not None
    assert cmp.neighbours_median == 12.0
    assert made_up.neighbours("301") == ["305", "306", "302", "303"]
    # 305's neighbours are 306 (its own joint figure, left out) and 301 (10).
    assert made_up.neighbours_median("workforce.caseload_average", "305", 2024) == 10.0
    # Year-ending figures are the council's own: 306 21, 301 20.
    assert made_up.neighbours_median("front_door.rereferral_12m_pct", "305", 2024) == 20.5


def test_region_median_leaves_the_council_out(made_up: Figures) -> None:
    # North: 301 (10), 302 (12), the joint 305 / 306 (20).
    cmp = made_up.compare("workforce.caseload_average", 10.0, MARCH_2025, la_code="301")
    assert cmp is not None
    assert cmp.region_median == 16.0
    joint = made_up.compare("workforce.caseload_average", 10.0, MARCH_2025, la_code="305")
    assert joint is not None
    assert joint.region_median == 11.0
    explicit = made_up.compare("workforce.caseload_average", 10.0, MARCH_2025, region="south")
    assert explicit is not None
    assert explicit.region_median == 13.5
    assert explicit.neighbours_median is None


def test_without_a_council_there_are_no_neighbours_or_region(made_up: Figures) -> None:
    cmp = made_up.compare("front_door.rereferral_12m_pct", 21.0, MARCH_2025)
    assert cmp is not None
    assert (cmp.neighbours_median, cmp.region_median) == (None, None)
    assert (cmp.rank, cmp.of) == (3, 8)


def test_a_figure_without_a_better_end_has_no_rank(made_up: Figures) -> None:
    cmp = made_up.compare("children_in_care.cla_rate_per_10k", 75.0, MARCH_2025, la_code="301")
    assert cmp is not None
    assert (cmp.rank, cmp.percentile, cmp.worse_when) == (None, None, None)
    assert cmp.of == 6
    assert cmp.neighbours_median == 57.5  # 305 60, 306 55, 302 50, 303 90
    assert made_up.worse_when("children_in_care.cla_rate_per_10k") is None


def test_to_json_has_exactly_the_compare_keys(made_up: Figures) -> None:
    cmp = made_up.compare("workforce.caseload_average", 12.0, MARCH_2025, la_code="302")
    assert isinstance(cmp, Compare)
    assert cmp.to_json() == {
        "year": 2024,
        "at": "2024-09-30",
        "england": 15.0,
        "rank": 3,
        "of": 6,
        "percentile": 40.0,
        "neighbours_median": None,
        "region_median": 15.0,
        "worse_when": "higher",
        "note": None,
    }


# --- workforce snapshots ---------------------------------------------------------------------


def test_a_stated_workforce_figure_matching_a_snapshot_takes_that_year(made_up: Figures) -> None:
    end = dt.date(2024, 3, 31)  # 2023-09-30 and 2024-09-30 both within six months; 2023 nearest
    default = made_up.compare("workforce.caseload_average", 10.5, end, la_code="301")
    assert default is not None
    assert (default.year, default.note) == (2023, None)
    # 301 published 10 at 30 September 2024: 10.04 is the same figure rounded.
    matched = made_up.compare("workforce.caseload_average", 10.04, end, la_code="301")
    assert matched is not None
    assert matched.year == 2024
    assert matched.note is not None
    assert "30 September 2024" in matched.note
    assert made_up.compare("workforce.caseload_average", 10.06, end, la_code="301") == default


def test_whole_number_figures_match_within_half(made_up: Figures) -> None:
    end = dt.date(2024, 3, 31)  # 301 agency: 20 (2023), 13 (2024)
    near = made_up.compare("workforce.agency_pct", 13.4, end, la_code="301")
    far = made_up.compare("workforce.agency_pct", 13.6, end, la_code="301")
    assert near is not None and far is not None
    assert (near.year, far.year) == (2024, 2023)
    assert made_up.tolerance("workforce.agency_pct") == 0.5
    assert made_up.tolerance("workforce.caseload_average") == 0.05


def test_published_lists_every_snapshot_within_reach(real: Figures) -> None:
    found = real.published("workforce.caseload_average", "384", MARCH_2025)
    assert [(p.year, p.at) for p in found] == [
        (2024, dt.date(2024, 9, 30)),
        (2025, dt.date(2025, 9, 30)),
    ]
    year_ending = real.published("front_door.rereferral_12m_pct", "384", MARCH_2025)
    assert [p.year for p in year_ending] == [2025]
    # An earlier year is no cross-check of a later period.
    assert real.published("front_door.rereferral_12m_pct", "384", dt.date(2027, 3, 31)) == []


# --- councils --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("202", "202"),
        (" 202 ", "202"),
        ("CAMDEN", "202"),
        ("Brighton & Hove", "846"),
        ("brighton and hove", "846"),
        ("St Helens", "342"),
        ("st. helens", "342"),
        ("Bristol", "801"),
        ("City of Bristol", "801"),
        ("Stockton on Tees", "808"),
        ("Leeds City Council", "383"),
        ("Dorset", "838"),  # the council that exists, not Dorset 835 (before 2019)
        ("314 / 318", "314 / 318"),
    ],
)
def test_find_council(real: Figures, text: str, code: str) -> None:
    assert real.find_council(text).code == code


def test_find_council_near_miss_names_the_nearest(real: Figures) -> None:
    with pytest.raises(UnknownCouncil) as err:
        real.find_council("Camdn")
    assert (
        str(err.value) == 'no council called "Camdn" in the DfE figures; did you mean Camden (202)?'
    )
    assert [c.code for c in err.value.near] == ["202"]
    with pytest.raises(UnknownCouncil) as fragment:
        real.find_council("Kingston")
    assert "Kingston upon Thames (314)" in str(fragment.value)
    assert "Kingston upon Hull, City of (810)" in str(fragment.value)


def test_find_council_unknown_code_and_nothing_near(real: Figures) -> None:
    with pytest.raises(UnknownCouncil, match="no council with DfE code 999"):
        real.find_council("999")
    with pytest.raises(UnknownCouncil, match=r"give the DfE 3-digit old LA code \(e\.g\. 202\)"):
        real.find_council("Qwxyz")


def test_council_and_small_councils(real: Figures) -> None:
    camden = real.council("202")
    assert camden is not None
    assert (camden.name, camden.region, camden.small) == ("Camden", "London", False)
    assert all(c is not None and c.small for c in (real.council("201"), real.council("420")))
    kingston = real.council("314")
    assert kingston is not None and kingston.joint == "314 / 318"
    assert real.council("999") is None


def test_neighbours(real: Figures) -> None:
    assert len(real.neighbours("202")) == 10
    assert real.neighbours("202")[0] == "206"  # Islington, closest to Camden
    assert real.neighbours("837") == []  # Bournemouth, since merged
    assert real.region("Inner London") == "London"
    assert real.region("yorkshire and the humber") == "Yorkshire and The Humber"


# --- distributions, series, template ---------------------------------------------------------


def test_quantile_matches_statistics_inclusive(made_up: Figures, real: Figures) -> None:
    values = [5.5, 10.0, 12.0, 12.0, 15.0, 20.0]
    expected = statistics.quantiles(values, n=10, method="inclusive")
    got = [made_up.quantile("workforce.caseload_average", 2024, i / 10) for i in range(1, 10)]
    assert got == pytest.approx(expected, rel=1e-12)
    for field in real.fields():
        year = real.years(field)[-1]
        distribution = real._year(field, year)
        assert distribution is not None
        councils = list(distribution.values.values())
        assert len(councils) == len(set(distribution.values))  # a joint code is one entry
        expected = statistics.quantiles(councils, n=20, method="inclusive")
        got = [real.quantile(field, year, i / 20) for i in range(1, 20)]
        assert got == pytest.approx(expected, rel=1e-12), field
    with pytest.raises(ValueError, match=r"outside 0\.\.1"):
        real.quantile("workforce.caseload_average", 2024, 1.5)


def test_fields_years_and_england(real: Figures) -> None:
    assert len(real.fields()) == 16
    assert real.years("workforce.caseload_average") == list(range(2017, 2026))
    assert real.years("front_door.rereferral_12m_pct") == list(range(2013, 2026))
    assert real.years("no_such.field") == []
    assert real.worse_when("workforce.caseload_average") == "higher"
    assert real.worse_when("care_leavers.eet_17_18_pct") == "lower"
    assert real.england("workforce.caseload_average", 2024) == 15.4
    assert real.england("workforce.caseload_average", 2010) is None


def test_series_for_a_trend_chart(real: Figures) -> None:
    series = real.series("workforce.caseload_average", "202", 2025)
    assert [p.year for p in series] == [2021, 2022, 2023, 2024, 2025]
    last = series[-1]
    assert last.value == real.value("workforce.caseload_average", "202", 2025)
    assert last.england == real.england("workforce.caseload_average", 2025)
    assert last.neighbours_median == real.neighbours_median(
        "workforce.caseload_average", "202", 2025
    )
    assert [p.year for p in real.series("care_leavers.eet_17_18_pct", "202", 2022, years=4)] == [
        2021,
        2022,
    ]


def test_template_values_for_the_year_ending(real: Figures) -> None:
    values = real.template_values("202", 2025)
    assert values["workforce.caseload_average"].at == dt.date(2024, 9, 30)
    assert values["front_door.rereferral_12m_pct"].at == dt.date(2025, 3, 31)
    for field, published in values.items():
        assert published.value == real.value(field, "202", published.year)
    # Kingston's workforce figures are the joint code's.
    kingston = real.template_values("314", 2025)
    assert kingston["workforce.caseload_average"].value == real.value(
        "workforce.caseload_average", "314 / 318", 2024
    )


def test_load_is_cached_and_attributed() -> None:
    assert load() is load()
    assert "Open Government Licence v3.0" in load().about["licence"]
    assert "Department for Education" in load().about["source"]


# --- the build -------------------------------------------------------------------------------


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_figures", ROOT / "scripts" / "build_figures.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_is_deterministic(tmp_path: Path) -> None:
    paths = _write(tmp_path, _figures_csv())
    first = dumps(build(*paths))
    # The same rows in another order give the same bytes.
    header, *rows = _figures_csv().splitlines()
    again = _write(tmp_path, "\n".join([header, *reversed(rows)]) + "\n")
    assert dumps(build(*again)) == first


def test_bad_csv_gives_one_positioned_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad_value = (
        "301,Alpha,North,workforce,caseload_average,2022,2022-09-30,snapshot at,n/a,higher,x"
    )
    bad_year = "301,Alpha,North,workforce,caseload_average,22,2022-09-30,snapshot at,12,higher,x"
    figures, neighbours = _write(
        tmp_path, "\n".join([_figures_csv().rstrip(), bad_value, bad_year])
    )
    with pytest.raises(InputError) as err:
        build(figures, neighbours)
    line = len(_figures_csv().splitlines()) + 1
    assert [str(p) for p in err.value.problems] == [
        f"{figures}:{line}:{bad_value.index('n/a') + 1}: error: value 'n/a' is not a number; "
        "leave suppressed values out",
        f"{figures}:{line + 1}:{bad_year.index(',22,') + 2}: error: "
        "year '22' is not a four-digit year",
    ]
    assert _script().main([str(figures), str(neighbours), "--out", str(tmp_path / "o.json")]) == 2
    assert capsys.readouterr().err.count(": error: ") == 2
    assert not (tmp_path / "o.json").exists()


def test_missing_column_is_reported_on_the_header(tmp_path: Path) -> None:
    figures, neighbours = _write(tmp_path, _figures_csv().replace(",worse_when,", ",direction,", 1))
    with pytest.raises(
        InputError, match=r"figures\.csv:1:1: error: missing column\(s\) worse_when"
    ):
        build(figures, neighbours)


def test_script_writes_and_checks(tmp_path: Path) -> None:
    figures, neighbours = _write(tmp_path, _figures_csv())
    out = tmp_path / "figures.json"
    script = _script()
    assert script.main([str(figures), str(neighbours), "--out", str(out)]) == 0
    assert out.read_text("utf-8") == dumps(build(figures, neighbours))
    assert script.main([str(figures), str(neighbours), "--out", str(out), "--check"]) == 0
    out.write_text("{}\n", "utf-8")
    assert script.main([str(figures), str(neighbours), "--out", str(out), "--check"]) == 1
    nowhere = tmp_path / "missing" / "figures.json"
    assert script.main([str(figures), str(neighbours), "--out", str(nowhere)]) == 2


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present")
def test_committed_data_equals_a_fresh_build() -> None:
    fresh = dumps(build(SHARED_DATA / "la-figures.csv", SHARED_DATA / "statistical-neighbours.csv"))
    assert Path(DATA_FILE).read_text("utf-8") == fresh, "run scripts/build_figures.py"


def test_the_data_file_agrees_with_the_measure_registry_on_direction() -> None:
    # The registry (assure.sef.measures) is the one definition; the DfE file's copy must match.
    figs = load()
    for field in figs.fields():
        meta = figs._field(field)
        assert meta is not None
        assert figs.worse_when(field) == meta.worse_when, field


def test_every_data_field_of_the_model_has_a_measure_with_a_definition() -> None:
    from assure.sef import measures
    from assure.sef.model import Data

    for section, info in Data.model_fields.items():
        model = info.annotation
        for key, field in model.model_fields.items():  # type: ignore[union-attr]
            name = f"data.{section}.{key}"
            if "list" in str(field.annotation):
                continue  # a list of names (mash_agencies) is not a measure
            assert name in measures.MEASURES, name
            assert measures.definition(name), name
