"""Batches, one pipeline for every door: readers yield entries, the engine quotes, a writer encodes.

- `readers`: entries from a body (a JSON batch, CSV, NDJSON), each line bounded.
- `spool`: a streamed body written to a temporary file as it arrives, before any slot is taken.
- `slots`: the per-worker turns of batch work, taken where CPU work starts.
- `writer`: the answer as JSON, CSV or NDJSON, results in the order of their first entry.
- `run`: the answer made piece by piece from entries, through `engine.stream.StreamedBatch`.
- `answer`: the HTTP answer: pieces made in threads ahead of the sending, a write timeout, and
  every exit (end, error, hang-up, timeout) closing what the batch opened.

The in-memory batch is the same pipeline driven over a list, so counting, totals, fair use,
ordering and the summary exist once, in the engine's `StreamedBatch`.
"""
