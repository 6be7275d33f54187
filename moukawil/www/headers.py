"""Security headers Django does not set itself (the Content-Security-Policy is django-csp's, settings
``CONTENT_SECURITY_POLICY``): the browser features a page may use — none of camera, microphone, location, payment."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
