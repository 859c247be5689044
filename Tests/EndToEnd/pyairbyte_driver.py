"""Runs under PyAirbyte's own virtualenv (.venv-pyairbyte): PyAirbyte drives airbyte-source-faker into the built
stowage binary as its destination, the way a PyAirbyte user does. Prints one JSON line per sync with what
PyAirbyte reported.

    python pyairbyte_driver.py STOWAGE FAKER DEST_CONFIG.json STATE_DB COUNT
"""
import json
import sys

import airbyte as ab
from airbyte.caches import DuckDBCache

stowage, faker, config_path, state_db, count = sys.argv[1:6]
# always_updated false: a stream with a state emits only what is new (nothing, for the same count).
source = ab.get_source("source-faker", config={"count": int(count), "seed": 42, "parallelism": 1,
                                               "always_updated": False},
                       local_executable=faker)
source.select_streams(["users", "products", "purchases"])
destination = ab.get_destination("destination-s3", config=json.load(open(config_path)), local_executable=stowage)
state_cache = DuckDBCache(db_path=state_db)

# A full refresh, whose states Stowage echoes and PyAirbyte keeps; then an incremental sync that resumes from them.
for strategy, full_refresh in (("replace", True), ("append", False)):
    result = destination.write(source, cache=False, state_cache=state_cache, write_strategy=strategy,
                               force_full_refresh=full_refresh)
    print(json.dumps({"strategy": strategy, "processed": getattr(result, "processed_records", None)}), flush=True)
