"""Airbyte's generations: every object records the generation that wrote it (S3 metadata ab-generation-id; locally a
hidden metadata file beside it that a copy of the folder keeps), and a refresh deletes older generations after
success only."""
import json
import shutil

from conftest import lines, record, stowage


def catalog(tmp_path, mode, generation, minimum, name="cat"):
    path = tmp_path / f"{name}-{generation}-{minimum}.json"
    path.write_text(json.dumps({"streams": [{"stream": {"name": "s", "json_schema": {"properties": {"id": {}}}},
                                             "sync_mode": "full_refresh", "destination_sync_mode": mode,
                                             "generation_id": generation, "minimum_generation_id": minimum,
                                             "sync_id": 100 + generation}]}))
    return str(path)


def test_a_refresh_survives_a_copy_of_the_folder_and_deletes_only_older_generations(workspace, tmp_path):
    config = workspace.config()
    assert stowage("write", "--config", config, "--catalog", catalog(tmp_path, "append", 1, 0),
                   stdin=lines(record("s", {"id": 1}))).code == 0
    [first] = workspace.files()
    assert json.loads((first.parent / f".{first.name}.stowage-meta").read_text()) == {"ab-generation-id": "1"}
    # The folder is copied elsewhere (a backup, a migration); the generations go with it.
    copy = workspace.store.parent / "copy"
    shutil.copytree(workspace.store, copy)
    copied = json.loads(open(config).read())
    copied["s3_endpoint"] = f"file://{copy}"
    copied_config = tmp_path / "copied.json"
    copied_config.write_text(json.dumps(copied))
    # A failed refresh deletes nothing.
    failed = stowage("write", "--config", str(copied_config), "--catalog", catalog(tmp_path, "append", 2, 2),
                     stdin=lines(record("s", {"id": 2}), "{broken"))
    assert failed.code == 1
    assert len([f for f in (copy / "bucket").rglob("*.csv")]) == 1
    run = stowage("write", "--config", str(copied_config), "--catalog", catalog(tmp_path, "append", 2, 2),
                  stdin=lines(record("s", {"id": 3})))
    assert run.code == 0, run.stderr
    left = sorted((copy / "bucket").rglob("*.csv"))
    assert len(left) == 1 and left[0].read_text().splitlines()[1].split(",")[2] == "3"
    assert not list((copy / "bucket").rglob(f".{first.name}.stowage-meta")), "the metadata goes with its file"
    assert "deleted_earlier_files=1" in run.stderr


def test_v1_metadata_columns_in_jsonl(workspace, tmp_path):
    config = workspace.config(metadata_columns="v1", format={"format_type": "JSONL"})
    run = stowage("write", "--config", config, "--catalog", catalog(tmp_path, "append", 5, 0),
                  stdin=lines(record("s", {"id": 1}, emitted_at=1700000000123)))
    assert run.code == 0, run.stderr
    [f] = workspace.files()
    row = json.loads(f.read_text())
    assert list(row) == ["_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_generation_id", "_airbyte_meta",
                         "_airbyte_data"]
    assert row["_airbyte_extracted_at"] == 1700000000123 and row["_airbyte_generation_id"] == 5
    assert row["_airbyte_meta"] == {"sync_id": 105, "changes": []}
