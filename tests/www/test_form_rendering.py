"""The forms' renderer writes a select's options itself (www/templates/django/forms/widgets/select.html): the page
gets the same characters as Django's own templates would write, for every kind of select."""

from django import forms
from django.forms.renderers import DjangoTemplates

from moukawil.www.forms import AccessibleFormRenderer


class _Option(forms.Select):
    option_template_name = "django/forms/widgets/radio_option.html"  # a widget with an option template of its own


class Choices(forms.Form):
    state = forms.ChoiceField(choices=[("", "Tous"), ("todo", "À traiter"), ("a&b", "« A » & <B>")], required=False)
    grouped = forms.ChoiceField(
        choices=[("Sud", [("01", "Souss-Massa"), ("02", "Guelmim")]), ("Nord", [("03", "Tanger")]), ("04", "Autre")]
    )
    many = forms.MultipleChoiceField(choices=[(1, "Un"), (2, "Deux"), (3, "Trois")], required=False)
    own = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=_Option)
    years = forms.TypedChoiceField(choices=[(2024, "2024"), (2025, "2025")], coerce=int)


def test_every_select_is_written_as_djangos_templates_write_it():
    data = {"state": "a&b", "grouped": "02", "many": ["1", "3"], "own": "y", "years": "2025"}
    for form_data in (None, data):
        ours, django = (
            Choices(form_data, renderer=AccessibleFormRenderer()),
            Choices(form_data, renderer=DjangoTemplates()),
        )
        ours.fields["state"].widget.attrs.update({"disabled": True, "data-x": "1", "hidden": False})
        django.fields["state"].widget.attrs.update({"disabled": True, "data-x": "1", "hidden": False})
        for name in ours.fields:
            assert ours[name].as_widget() == django[name].as_widget(), name
    grouped = Choices(data, renderer=AccessibleFormRenderer())["grouped"].as_widget()
    assert '<optgroup label="Sud">' in grouped and '<option value="02" selected>Guelmim</option>' in grouped
