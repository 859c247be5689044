"""Record-time partitions end to end: records land in the folder of their own time, files roll by record count,
and a re-run replaces exactly the window it wrote once it is complete (locally; test_partitions_s3 on S3)."""
import csv
import io
import json
import random
import re
import subprocess
import threading

import pytest

from conftest import binary, lines, record, state, stowage

HIVE = "${NAMESPACE}/${STREAM_NAME}/year=${RECORD_YEAR}/month=${RECORD_MONTH}/day=${RECORD_DAY}/${EPOCH}_"


def reading(i, day, value=None, device="d1"):
    return {"device_id": device, "ts": f"2019-03-{day:02d}T{i % 24:02d}:{i % 60:02d}:00Z", "seq": i,
            "value": value if value is not None else i * 0.5}


def partition_config(workspace, **extra):
    return workspace.config(s3_path_format=HIVE, streams={"sensor_readings": {"record_time_field": "ts"}}, **extra)


def catalog(workspace, mode="append"):
    return workspace.catalog([("sensor_readings", "plant", ["device_id", "seq", "ts", "value"], mode)])


def rows_by_day(workspace):
    """{day: [(seq, value), …]} from every CSV under the stream's folder, checking each row's folder."""
    out = {}
    for f in workspace.files("out/plant/sensor_readings"):
        m = re.search(r"year=(\d{4})/month=(\d{2})/day=(\d{2})/", str(f))
        assert m, f
        day = int(m.group(3))
        rows = list(csv.reader(io.StringIO(f.read_text(), newline="")))
        header = rows[0]
        for row in rows[1:]:
            values = dict(zip(header, row))
            assert values["ts"].startswith(f"{m.group(1)}-{m.group(2)}-{m.group(3)}T"), "in its own day's folder"
            out.setdefault(day, []).append((int(values["seq"]), float(values["value"])))
    return out


def test_shuffled_records_land_in_their_own_days_and_roll_by_count(workspace):
    random.seed(9)
    records = [reading(i, day=random.randint(1, 30)) for i in range(3000)]
    random.shuffle(records)
    stdin = lines(*[record("sensor_readings", r, "plant") for r in records], state(1))
    run = stowage("write", "--config", partition_config(workspace, max_records_per_file=40), "--catalog",
                  catalog(workspace), stdin=stdin)
    assert run.code == 0, run.stderr
    days = rows_by_day(workspace)
    assert sorted(seq for rows in days.values() for seq, _ in rows) == list(range(3000)), "every record once"
    for f in workspace.files("out/plant/sensor_readings"):
        assert 1 <= len(f.read_text().splitlines()) - 1 <= 40, "never empty, never past max_records_per_file"
    # Part numbers count per folder.
    for folder in {f.parent for f in workspace.files("out/plant/sensor_readings")}:
        parts = sorted(int(f.name.split("_")[-1].split(".")[0]) for f in folder.iterdir())
        assert parts == list(range(len(parts)))
    assert len(run.states) == 1


def test_a_rerun_of_a_window_replaces_exactly_those_days(workspace):
    config = partition_config(workspace, overwrite_scope="partitions")
    first = [reading(i, day=1 + i % 10) for i in range(500)]
    assert stowage("write", "--config", config, "--catalog", catalog(workspace, "overwrite"),
                   stdin=lines(*[record("sensor_readings", r, "plant") for r in first])).code == 0
    before = {f: f.read_bytes() for f in workspace.files()}
    # The source corrected days 4-6: they are sent again, with new values.
    corrected = [reading(i, day=d, value=-1.0) for i, d in enumerate([4, 5, 6] * 40)]
    run = stowage("write", "--config", config, "--catalog", catalog(workspace, "overwrite"),
                  stdin=lines(*[record("sensor_readings", r, "plant") for r in corrected]))
    assert run.code == 0, run.stderr
    days = rows_by_day(workspace)
    for day in (4, 5, 6):
        assert sorted(days[day]) == sorted((i, -1.0) for i, d in enumerate([4, 5, 6] * 40) if d == day), \
            "the window holds only the re-run's records: no duplicates"
    for f, data in before.items():
        if not any(f"day=0{d}/" in str(f) for d in (4, 5, 6)):
            assert f.exists() and f.read_bytes() == data, f"{f} outside the window is untouched"
    assert set(days) == set(range(1, 11))


def test_a_failed_rerun_deletes_nothing(workspace):
    config = partition_config(workspace, overwrite_scope="partitions")
    assert stowage("write", "--config", config, "--catalog", catalog(workspace, "overwrite"),
                   stdin=lines(*[record("sensor_readings", reading(i, 4), "plant") for i in range(50)])).code == 0
    before = workspace.files()
    run = stowage("write", "--config", config, "--catalog", catalog(workspace, "overwrite"),
                  stdin=lines(record("sensor_readings", reading(99, 4), "plant"), "{broken"))
    assert run.code == 1
    assert workspace.files() == before, "the earlier day stays, the unfinished file never appears"


def test_field_partitions_and_a_missing_field(workspace):
    config = workspace.config(s3_path_format="${STREAM_NAME}/device=${FIELD:device_id}/${EPOCH}_")
    records = [reading(1, 1, device="a/b"), reading(2, 1, device=None), {"seq": 3, "ts": "x"}, reading(4, 1, device=7)]
    run = stowage("write", "--config", config, "--catalog", catalog(workspace),
                  stdin=lines(*[record("sensor_readings", r, "plant") for r in records]))
    assert run.code == 0, run.stderr
    folders = sorted({f.parent.name for f in workspace.files()})
    assert folders == ["device=7", "device=__HIVE_DEFAULT_PARTITION__", "device=a_b"]


@pytest.mark.parametrize("fmt,value,day", [("epoch_ms", 1552566600000, 14), ("epoch_s", 1552566600, 14),
                                           ("%d/%m/%Y %H:%M", "14/03/2019 12:30", 14), ("auto", "2019-03-14 23:59:59.5-02:00", 15),
                                           ("auto", 1552566600000000, 14), ("iso8601", "2019-03-14", 14)])
def test_record_time_formats(workspace, fmt, value, day):
    config = workspace.config(s3_path_format=HIVE,
                              streams={"plant.sensor_readings": {"record_time_field": "t", "record_time_format": fmt}})
    run = stowage("write", "--config", config, "--catalog", catalog(workspace),
                  stdin=lines(record("sensor_readings", {"t": value, "seq": 1}, "plant")))
    assert run.code == 0, run.stderr
    [f] = workspace.files()
    assert f"year=2019/month=03/day={day:02d}/" in str(f)


def test_an_unreadable_time_names_line_stream_field_and_value_unless_it_falls_back(workspace):
    stdin = lines(record("sensor_readings", reading(1, 2), "plant"), record("sensor_readings", {"ts": "soon"}, "plant"))
    run = stowage("write", "--config", partition_config(workspace), "--catalog", catalog(workspace), stdin=stdin)
    assert run.code == 1
    error = run.trace["error"]
    assert "Line 2" in error["message"] and "'soon'" in error["message"] and "'ts'" in error["message"]
    assert error["stream_descriptor"] == {"name": "sensor_readings", "namespace": "plant"}
    fallback = stowage("write", "--config", partition_config(workspace, invalid_record_time="emitted_at"),
                       "--catalog", catalog(workspace), stdin=stdin)
    assert fallback.code == 0
    assert "record_time_fallbacks=1" in fallback.stderr
    assert any("year=2023/month=11/day=14" in str(f) for f in workspace.files()), "emitted_at 1700000000000"


def test_without_configuration_the_cursor_field_is_the_time(workspace, tmp_path):
    doc = {"streams": [{"stream": {"name": "t", "json_schema": {"properties": {"at": {}}}}, "sync_mode": "incremental",
                        "cursor_field": ["at"], "destination_sync_mode": "append"}]}
    cat = tmp_path / "cursor.json"
    cat.write_text(json.dumps(doc))
    run = stowage("write", "--config", workspace.config(s3_path_format="${STREAM_NAME}/${RECORD_YEAR}/${EPOCH}_"),
                  "--catalog", str(cat), stdin=lines(record("t", {"at": "1999-12-31T23:00:00Z"})))
    assert run.code == 0, run.stderr
    assert workspace.files()[0].parent.name == "1999"


def test_two_processes_replacing_different_windows_at_once_never_touch_each_other(workspace):
    config = partition_config(workspace, overwrite_scope="partitions")
    cat = catalog(workspace, "overwrite")
    barrier = threading.Barrier(2)
    codes = {}

    def window(days, tag):
        data = lines(*[record("sensor_readings", reading(i, d, value=tag), "plant") for i in range(300) for d in days])
        barrier.wait()
        codes[tag] = subprocess.run([binary(), "write", "--config", config, "--catalog", cat], input=data,
                                    capture_output=True).returncode

    threads = [threading.Thread(target=window, args=(days, tag)) for days, tag in (([1, 2, 3], 1.0), ([4, 5, 6], 2.0))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == {1.0: 0, 2.0: 0}
    days = rows_by_day(workspace)
    assert {d: len(v) for d, v in days.items()} == {d: 300 for d in range(1, 7)}
    assert all(v == (1.0 if d <= 3 else 2.0) for d, rows in days.items() for _, v in rows)
