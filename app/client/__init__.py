"""A small typed client of the quote API: over HTTP, or in this process without a server.

with BillingClient("http://127.0.0.1:8000", api_key="...") as client:
    quote = client.quote({"policy": "vmi-se", "start": ..., "end": ..., "channel": "phone"})
    print(quote.total, quote.currency)

with BillingClient.in_process() as client:   # the same app, no server needed
    ...
"""

from app.client.billing_client import ApiError, BatchStream, BillingClient, ServerUnreachable
from app.client.in_process import InProcessTransport

__all__ = ["ApiError", "BatchStream", "BillingClient", "InProcessTransport", "ServerUnreachable"]
