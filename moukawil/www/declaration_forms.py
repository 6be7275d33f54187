"""Forms of the declaration pages. Amounts are checked by the services (French message, field named)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moukawil.declarations.models import ClientKind, PaymentChannel
from moukawil.declarations.periods import Periodicity

from .forms import MoukawilForm

CLIENT_LINES = 6


class DeclarationForm(MoukawilForm):
    turnover_goods = forms.CharField(
        label=_("Chiffre d'affaires encaissé — commerce, industrie, artisanat (DH)"), required=False, initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )  # fmt: skip
    turnover_services = forms.CharField(
        label=_("Chiffre d'affaires encaissé — services (DH)"), required=False, initial="0",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Détaillez-le par client ci-dessous (règle du même client)."),
    )  # fmt: skip

    # Not an input: where the services put errors about the client lines as a whole (field "clients").
    clients_field = forms.CharField(required=False, widget=forms.HiddenInput)

    def add_business_error(self, error) -> None:
        if error.field == "clients":
            self.add_error("clients_field", error.message)
        else:
            super().add_business_error(error)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, CLIENT_LINES + 1):
            self.fields[f"client_{index}_kind"] = forms.ChoiceField(
                label=_("Client %(n)s : type") % {"n": index}, choices=[("", "—"), *ClientKind.choices],
                required=False,
            )  # fmt: skip
            self.fields[f"client_{index}_identifier"] = forms.CharField(
                label=_("Client %(n)s : ICE ou CIN") % {"n": index}, max_length=20, required=False
            )
            self.fields[f"client_{index}_amount"] = forms.CharField(
                label=_("Client %(n)s : montant (DH)") % {"n": index}, required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )  # fmt: skip
        from .forms import style_widgets

        style_widgets(self)

    def client_rows(self):
        return [
            (self[f"client_{i}_kind"], self[f"client_{i}_identifier"], self[f"client_{i}_amount"])
            for i in range(1, CLIENT_LINES + 1)
        ]

    def clients(self) -> list[dict]:
        data = self.cleaned_data
        lines = []
        for i in range(1, CLIENT_LINES + 1):
            kind, identifier, amount = (data.get(f"client_{i}_{k}") for k in ("kind", "identifier", "amount"))
            if kind or identifier or amount:
                lines.append({"kind": kind, "identifier": identifier, "amount": amount})
        return lines

    @staticmethod
    def initial_from(declaration) -> dict:
        initial = {"turnover_goods": declaration.turnover_goods, "turnover_services": declaration.turnover_services}
        for i, client in enumerate(declaration.clients.all(), start=1):
            initial |= {f"client_{i}_kind": client.client_kind, f"client_{i}_identifier": client.client_id,
                        f"client_{i}_amount": client.amount}  # fmt: skip
        return initial


class AmendmentForm(DeclarationForm):
    reason = forms.CharField(label=_("Motif de la rectification"), widget=forms.Textarea(attrs={"rows": 2}))


class PeriodicityForm(MoukawilForm):
    periodicity = forms.ChoiceField(label=_("Périodicité"), choices=Periodicity.choices, widget=forms.RadioSelect)


class PaymentForm(MoukawilForm):
    amount = forms.CharField(label=_("Montant (DH)"), widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    channel = forms.ChoiceField(label=_("Canal"), choices=PaymentChannel.choices)
    reference = forms.CharField(label=_("Référence du paiement"), max_length=40)
    paid_on = forms.DateField(label=_("Payé le"), widget=forms.DateInput(attrs={"type": "date"}))


class ProposalDecisionForm(MoukawilForm):
    note = forms.CharField(label=_("Observation"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
