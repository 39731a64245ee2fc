"""/redoc served with ReDoc from the app (the package fastapi-offline ships it), no CDN, no fonts.

/docs (Swagger UI) is served the same way by FastAPIOffline itself. ReDoc's side menu asks a
CDN for a logo; each page's Content-Security-Policy keeps it to the app's own host.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.routing import APIRoute
from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


def keep_docs_to_this_host(app: FastAPI) -> None:
    """Give /docs, which FastAPIOffline serves, the Content-Security-Policy /redoc has."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.path == "/docs":
            route.app = _with_policy(route.app)


def _with_policy(inner: ASGIApp) -> ASGIApp:
    header = (b"content-security-policy", SAME_HOST_ONLY.encode())

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        await inner(scope, receive, send_with_policy)

    return app
