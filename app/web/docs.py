"""/redoc served with ReDoc from the app (the package fastapi-offline ships it), no CDN, no fonts.

/docs (Swagger UI) is served the same way by FastAPIOffline itself. ReDoc's side menu asks a
CDN for a logo; the page's Content-Security-Policy keeps it to the app's own host.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html
from starlette.responses import HTMLResponse

DOCS_ASSETS = "/static-offline-docs"
SAME_HOST_ONLY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; worker-src 'self' blob:"
)

router = APIRouter(include_in_schema=False)


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    """Show the API reference with ReDoc."""
    root = request.scope.get("root_path", "")
    page = get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
        with_google_fonts=False,
    )
    page.headers["Content-Security-Policy"] = SAME_HOST_ONLY
    return page
