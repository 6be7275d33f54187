from functools import wraps

from django.contrib.auth.views import redirect_to_login

from moukawil.core.permissions import require


def check_required(check):
    """Run a permission check (a function of the user returning a Decision): anonymous users go to the login
    page; a refusal shows the 403 page with the check's reason."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(check(request.user))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
