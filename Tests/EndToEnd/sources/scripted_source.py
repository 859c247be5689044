#!/usr/bin/env python3
"""A small Airbyte source for `stowage sync` tests, driven by its --config.

It emits records {"id": i, "name": "..."} for i in (cursor, count] of each stream in `streams`, with a STREAM
state {"cursor": i} every `state_every` records, resuming from the --state it is given. Then, per `then`:
  "exit"     exit with `exit_code` after `after` records (dies mid-stream),
  "hang"     stop printing after `after` records and sleep,
  "close"    close standard output after `after` records and sleep,
  "garbage"  print a line that is not JSON after `after` records,
  "partial"  print half a record line and exit 1 after `after` records,
  "trace"    print a TRACE ERROR after `after` records, then finish normally with `exit_code`,
  "kill"     kill itself with SIGKILL after `after` records.
Other keys: `sleep` seconds between records, `statuses` (emit STREAM_STATUS COMPLETE per stream),
`state_type` ("STREAM", "GLOBAL" or "LEGACY"), `received_state` (a path to copy the given --state into),
`stderr` (lines to print on standard error), `logs` (LOG messages to print first), `pid_file` (a path to
write the source's pid into).
"""
import json
import os
import signal
import sys
import time


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def arguments(argv):
    command, options = argv[0], {}
    i = 1
    while i < len(argv):
        options[argv[i].lstrip("-")] = argv[i + 1]
        i += 2
    return command, options


def schema():
    return {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}


def cursors(state_path, state_type):
    if not state_path:
        return {}
    with open(state_path) as f:
        messages = json.load(f)
    found = {}
    for message in messages:
        if message.get("type") == "STREAM":
            found[message["stream"]["stream_descriptor"]["name"]] = message["stream"]["stream_state"]["cursor"]
        elif message.get("type") == "GLOBAL":
            for entry in message["global"]["stream_states"]:
                found[entry["stream_descriptor"]["name"]] = entry["stream_state"]["cursor"]
        elif message.get("type") == "LEGACY":
            found.update(message["data"])
    return found


def state_message(state_type, stream, cursor, all_cursors):
    if state_type == "GLOBAL":
        return {"type": "STATE", "state": {"type": "GLOBAL", "global": {"shared_state": {}, "stream_states": [
            {"stream_descriptor": {"name": name}, "stream_state": {"cursor": value}}
            for name, value in sorted(all_cursors.items())]}}}
    if state_type == "LEGACY":
        return {"type": "STATE", "state": {"type": "LEGACY", "data": dict(all_cursors)}}
    return {"type": "STATE", "state": {"type": "STREAM", "stream": {
        "stream_descriptor": {"name": stream}, "stream_state": {"cursor": cursor}}}}


def main():
    command, options = arguments(sys.argv[1:])
    config = json.load(open(options["config"])) if "config" in options else {}
    streams = config.get("streams", ["items"])
    if command == "spec":
        emit({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object"}}})
        return 0
    if command == "discover":
        emit({"type": "LOG", "log": {"level": "INFO", "message": "discovering"}})
        emit({"type": "CATALOG", "catalog": {"streams": [
            {"name": name, "json_schema": schema(), "supported_sync_modes": ["full_refresh", "incremental"],
             "source_defined_cursor": True, "default_cursor_field": ["id"], "source_defined_primary_key": [["id"]]}
            for name in streams] + [{"name": "snapshot", "json_schema": schema(),
                                     "supported_sync_modes": ["full_refresh"]}]}})
        return config.get("exit_code", 0)
    if command != "read":
        print(f"unknown command {command}", file=sys.stderr)
        return 2
    if config.get("pid_file"):
        with open(config["pid_file"], "w") as f:
            f.write(str(os.getpid()))
    if config.get("received_state"):
        with open(config["received_state"], "w") as f:
            f.write(open(options["state"]).read() if "state" in options else "")
    for line in config.get("stderr", []):
        print(line, file=sys.stderr, flush=True)
    for text in config.get("logs", []):
        emit({"type": "LOG", "log": {"level": "WARN", "message": text}})
    state_type = config.get("state_type", "STREAM")
    positions = cursors(options.get("state"), state_type)
    count, every, then, after = config.get("count", 10), config.get("state_every", 10), config.get("then"), \
        config.get("after", 0)
    pause = config.get("sleep", 0)
    emitted = 0
    for stream in streams:
        position = positions.get(stream, 0)
        for i in range(position + 1, count + 1):
            if then and emitted == after:
                if then == "exit":
                    return config.get("exit_code", 1)
                if then == "hang":
                    time.sleep(3600)
                if then == "close":
                    sys.stdout.flush()
                    os.close(1)
                    time.sleep(3600)
                if then == "garbage":
                    sys.stdout.write("this is not an Airbyte message\n")
                    sys.stdout.flush()
                    time.sleep(3600)
                if then == "partial":
                    sys.stdout.write('{"type": "RECORD", "record": {"stream": "')
                    sys.stdout.flush()
                    return 1
                if then == "trace":
                    emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 1700000000000, "error": {
                        "message": "the upstream API refused the request", "failure_type": "system_error"}}})
                    then = None
                if then == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
            emit({"type": "RECORD", "record": {"stream": stream, "data": {"id": i, "name": f"{stream}-{i}"},
                                               "emitted_at": 1700000000000 + i}})
            emitted += 1
            positions[stream] = i
            if i % every == 0 or i == count:
                emit(state_message(state_type, stream, i, positions))
            if pause:
                time.sleep(pause)
        if config.get("statuses"):
            emit({"type": "TRACE", "trace": {"type": "STREAM_STATUS", "emitted_at": 1700000000000, "stream_status": {
                "stream_descriptor": {"name": stream}, "status": "COMPLETE"}}})
    return config.get("exit_code", 0)


if __name__ == "__main__":
    sys.exit(main())
