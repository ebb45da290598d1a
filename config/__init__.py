"""The project configuration: settings, root URLs, WSGI/ASGI entry points. It may import
any app; no app imports it."""
