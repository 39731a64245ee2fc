"""Time entries as people and PSA tools have them: Nordic CSV, Excel workbooks, PSA exports.

Each reader yields, for each entry, `(ref, item, raw)`: the line or row it came from, the request
read (or the entry's problems) and the entry as JSON in the request's shape. The options of a
whole batch (time zone, decimal mark, character set, PSA profile, policy) are one `ImportOptions`.
"""
