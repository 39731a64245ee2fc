"""A truly bare FastAPI app: one endpoint, no middleware. What FastAPI and uvicorn cost alone."""

from fastapi import FastAPI

app = FastAPI()


@app.post("/bare")
async def bare() -> dict[str, bool]:
    return {"ok": True}
