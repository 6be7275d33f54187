from django.core.management.base import CommandError

from moukawil.caravans import selectors
from moukawil.caravans.models import Campaign
from moukawil.core.management.base import MoukawilCommand


class Command(MoukawilCommand):
    help = "Affiche le bilan d'une campagne (caravane ou forums) : escales, inscrits, présents, résultats."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("campaign", help="Code de la campagne (ex. infitah-caravane-1)")

    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(code=options["campaign"]).first()
        if campaign is None:
            codes = ", ".join(Campaign.objects.values_list("code", flat=True)) or "aucune"
            raise CommandError(f"Campagne inconnue : {options['campaign']} (campagnes : {codes}).")
        found = selectors.campaign_results(campaign)
        codes = list(found.outcome_labels)
        self.stdout.write(f"{campaign.title_fr} — {found.cities} villes, {found.weeks} semaines")
        self.stdout.write("escale;region;date;inscrits;presents;sur_place;femmes;hommes;" + ";".join(codes))
        for row in found.rows:
            c = row.counts
            cells = [row.stop.city, row.stop.region.code, row.stop.day.isoformat(), c["registered"], c["present"],
                     c["walk_ins"], c["women"], c["men"], *[row.outcomes[k] for k in codes]]  # fmt: skip
            self.stdout.write(";".join(str(x) for x in cells))
        t = found.totals
        self.stdout.write(
            f"Total : {t['registered']} inscrits, {t['present']} présents, {t['walk_ins']} venus sans inscription"
            + "".join(f", {found.outcome_totals[k]} {found.outcome_labels[k].lower()}" for k in codes)
        )
