"""The app's select template writes Django's ``select_option.html`` itself (www/templates/django/forms/widgets/
select.html): an override of that option template here would be silently ignored, so there must be none."""

from pathlib import Path

import moukawil.www


def test_no_option_template_is_overridden_beside_the_select_that_writes_it():
    widgets = Path(moukawil.www.__file__).parent / "templates" / "django" / "forms" / "widgets"
    assert sorted(p.name for p in widgets.iterdir()) == ["select.html"]
