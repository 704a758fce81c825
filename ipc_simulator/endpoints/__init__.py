"""The CGI endpoints of chapter 3, registered in `context.ENDPOINTS` on import."""

from . import media, operation, storage, system, users

__all__ = ["media", "operation", "storage", "system", "users"]
