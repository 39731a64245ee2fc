"""The service as it ships, plus one bare endpoint to compare HTTP overhead against."""

from starlette.responses import Response

from app.main import app


@app.post("/bench/constant", include_in_schema=False)
async def constant() -> Response:
    """Return a constant: what FastAPI, uvicorn and the middleware cost on their own."""
    return Response(b'{"status":"ok"}', media_type="application/json")
