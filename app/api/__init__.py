"""The HTTP layer: translates requests to engine calls and quotes back to JSON or CSV."""
